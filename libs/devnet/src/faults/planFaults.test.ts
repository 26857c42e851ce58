import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FAULT_KINDS, planFaults } from './planFaults.js'

const base = {
  durationSeconds: 300,
  kinds: FAULT_KINDS,
  processes: ['r1/watcher', 'r1/batcher', 'r2/all'],
  relayers: ['r1', 'r2', 'r3'],
  proposerProcess: 'r1/batcher',
  rpcEndpoints: ['r1:31337', 'r2:31356'],
  forgeEndpoints: ['r1:31337', 'r2:31337'],
  destinations: [31337, 31356],
}

test('the same seed plays the same schedule; another seed another one', () => {
  assert.deepEqual(planFaults({ ...base, seed: 42 }), planFaults({ ...base, seed: 42 }))
  assert.notDeepEqual(planFaults({ ...base, seed: 42 }), planFaults({ ...base, seed: 43 }))
})

test('every kind at least once, in order, inside the load, not overlapping, targets from the lists', () => {
  for (const seed of [1, 2, 3, 99, 123456]) {
    const plan = planFaults({ ...base, seed })
    assert.deepEqual(new Set(plan.map((f) => f.kind)), new Set(FAULT_KINDS))
    for (const [i, f] of plan.entries()) {
      assert.ok(
        f.atSeconds >= 45 && f.atSeconds + f.downSeconds <= 255,
        `${seed}: ${JSON.stringify(f)} inside the load`,
      )
      const next = plan[i + 1]
      if (next)
        assert.ok(f.atSeconds + f.downSeconds < next.atSeconds, `${seed}: fault ${i} is back before fault ${i + 1}`)
      if (f.kind === 'kill-process' || f.kind === 'clock-skew') assert.ok(base.processes.includes(f.target))
      if (f.kind === 'clock-skew')
        assert.ok(
          Math.abs(f.skewMs ?? 0) >= 2_000 && Math.abs(f.skewMs ?? 0) <= 8_000,
          `${seed}: a few seconds of skew`,
        )
      else assert.equal(f.skewMs, undefined)
      if (f.kind === 'kill-proposer-cosigning') assert.equal(f.target, 'r1/batcher')
      if (f.kind === 'refuse-database') assert.ok(base.relayers.includes(f.target))
      if (f.kind === 'rpc-forge-chain') assert.ok(base.forgeEndpoints.includes(f.target), 'a light-client chain')
      else if (f.kind.startsWith('rpc-')) assert.ok(base.rpcEndpoints.includes(f.target))
      if (f.kind === 'gas-spike') assert.ok(['31337', '31356'].includes(f.target))
      if (f.kind === 'settler-funds-low')
        assert.ok(['r1:31337', 'r1:31356'].includes(f.target), "the proposer's settler on a destination")
    }
  }
})

test('an offset moves the schedule after it', () => {
  const plan = planFaults({ ...base, seed: 9, offsetSeconds: 100 })
  assert.ok(plan.every((f) => f.atSeconds >= 130 && f.atSeconds + f.downSeconds <= 270))
})

test('a short run still fits every fault with a gap after it', () => {
  const plan = planFaults({
    ...base,
    durationSeconds: 30,
    kinds: ['kill-process', 'kill-proposer-cosigning', 'restart-nats'],
    seed: 5,
  })
  assert.equal(plan.length, 4)
  for (const [i, f] of plan.entries()) {
    const next = plan[i + 1]
    if (next) assert.ok(f.atSeconds + f.downSeconds < next.atSeconds)
  }
})

test('a forged chain needs an endpoint to forge on', () => {
  assert.throws(
    () => planFaults({ ...base, rpcEndpoints: [], forgeEndpoints: [], kinds: ['rpc-forge-chain'], seed: 1 }),
    /forgeEndpoints/,
  )
  const plan = planFaults({ ...base, forgeEndpoints: undefined, kinds: ['rpc-forge-chain'], seed: 1 })
  assert.ok(base.rpcEndpoints.includes(plan[0]?.target ?? ''), 'without a list of its own: any RPC endpoint')
})
