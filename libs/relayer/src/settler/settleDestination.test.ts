// The settler's shell on in-memory dependencies (`testing/createInMemorySettler`: its store, inbox and tx manager
// implemented in memory through their interfaces): no Postgres, NATS or chain.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { defaultDecideSettlementOptions } from './decideSettlement.js'
import { defaultExecuteOptions } from './executeSettledMessages.js'
import { settleDestination, type SettleDestinationOptions } from './settleDestination.js'
import { createInMemorySettler, type InMemorySettler } from './testing/createInMemorySettler.js'

const options: SettleDestinationOptions = {
  intervalMs: 1,
  execute: { ...defaultExecuteOptions, executeChunk: 2 },
  threshold: 2,
  settlement: defaultDecideSettlementOptions,
}

/** Txs after which a settler that has not reached the expected state never will. */
const MAX_TXS = 500

/** Runs the settler until `until` holds after a mined tx; fails after `MAX_TXS` or a generous deadline. */
async function settleUntil(world: InMemorySettler, until: () => boolean): Promise<void> {
  const stop = new AbortController()
  world.onMined = () => {
    if (until() || world.mined.length >= MAX_TXS) stop.abort()
  }
  const deadline = AbortSignal.timeout(30_000)
  await settleDestination(world.deps, options, AbortSignal.any([stop.signal, deadline]))
  assert.ok(until(), `the settler reached the expected state (${world.mined.length} txs)`)
}

const kinds = (world: InMemorySettler) =>
  world.mined.map(
    (tx) => `${tx.kind}#${tx.batchIndex}${tx.leafFrom === undefined ? '' : `[${tx.leafFrom},${tx.leafTo})`}`,
  )

describe('settleDestination (in-memory store, inbox and tx manager)', () => {
  it('two steps: submits the signed batches in order, then executes their messages in chunks', async () => {
    const world = createInMemorySettler({ oneShot: false })
    world.addBatch('signed', 3)
    world.addBatch('signed', 2)
    await settleUntil(world, () => world.messages.every((m) => m.state === 'executed'))
    assert.equal(world.messages.length, 5)
    assert.deepEqual(
      [...world.batches.values()].map((b) => b.state),
      ['settled', 'settled'],
    )
    // Tick 1: only a submission is due. Tick 2: both; batch 1 has waited longer than batch 0's messages.
    assert.deepEqual(kinds(world), [
      'submitBatch#0',
      'submitBatch#1',
      'execute#0[0,2)',
      'execute#0[2,3)',
      'execute#1[0,2)',
    ])
  })

  it('one shot: each batch settles and executes its messages in one tx', async () => {
    const world = createInMemorySettler({ oneShot: true })
    world.addBatch('signed', 3)
    world.addBatch('signed', 4)
    await settleUntil(world, () => world.messages.every((m) => m.state === 'executed'))
    assert.deepEqual(kinds(world), ['submitBatch#0[0,3)', 'submitBatch#1[0,4)'])
  })

  it('a signed batch the inbox already holds with our hash is booked submitted, not sent again', async () => {
    const world = createInMemorySettler({ oneShot: false })
    const batch = world.addBatch('signed', 2)
    world.onChain.set(batch.batchIndex, batch.batchHash) // our earlier tx landed, its receipt was never seen
    const stop = new AbortController()
    const transition = world.deps.store.transitionBatch
    world.deps.store.transitionBatch = async (p) => {
      await transition(p)
      if (p.to === 'submitted') stop.abort()
    }
    const deadline = AbortSignal.timeout(30_000)
    await settleDestination(world.deps, options, AbortSignal.any([stop.signal, deadline]))
    assert.ok(!deadline.aborted)
    assert.equal(batch.state, 'submitted')
    assert.deepEqual(world.mined, [])
  })

  it('recovery: a batch believed submitted whose tx was lost goes back to signed and is sent again', async () => {
    const world = createInMemorySettler({ oneShot: false })
    world.addBatch('submitted', 2) // the inbox does not hold it
    await settleUntil(world, () => world.messages.every((m) => m.state === 'executed'))
    assert.deepEqual(kinds(world), ['submitBatch#0', 'execute#0[0,2)'])
  })

  it('starvation: while a new signed batch arrives every tick, a settled backlog is still executed every tick', async () => {
    const world = createInMemorySettler({ oneShot: false })
    world.addBatch('settled', 20) // 10 chunks of 2
    const backlog = world.messages.slice()
    // A new signed batch at every read of what is due, so a submission is always due.
    const read = world.deps.store.getSettlementWaits
    world.deps.store.getSettlementWaits = async (p) => {
      world.addBatch('signed', 1)
      return read(p)
    }
    await settleUntil(world, () => backlog.every((m) => m.state === 'executed'))
    const done = kinds(world)
    const submits = done.filter((k) => k.startsWith('submitBatch')).length
    const backlogExecutes = done.filter((k) => k.startsWith('execute#0')).length
    assert.equal(backlogExecutes, 10, 'every chunk of the backlog executed')
    assert.ok(submits >= 9, `submissions kept going meanwhile (${submits})`)
    // Neither kind waits more than one turn of the other.
    for (let i = 2; i < done.length; i++)
      assert.ok(
        !done.slice(i - 2, i + 1).every((k) => k.startsWith('submitBatch')),
        `three submissions in a row at ${i}: ${done.join(' ')}`,
      )
  })
})
