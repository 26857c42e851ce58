import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { StateCounts } from '@relaymesh/sdk'
import { findStalledDestinations } from './findStalledDestinations.js'
import { formatProgressLine } from './formatProgressLine.js'
import { toMeshSample, type MeshSample } from './MeshSample.js'

const counts = (c: Partial<StateCounts>): StateCounts => ({
  observed: 0,
  verified: 0,
  rejected: 0,
  batched: 0,
  settled: 0,
  executed: 0,
  failed: 0,
  ...c,
})

/** t seconds in: 31337 executes everything it is sent, 31356 settles but never executes. */
function sample(t: number, stalled = true): MeshSample {
  const sent = 10 * t
  return toMeshSample(
    { atSeconds: t, rate: 20, offered: 2 * sent, sentTo: { '31337': sent, '31356': sent } },
    {
      total: counts({}),
      byRoute: {},
      byDestination: {
        '31337': counts({ executed: sent }),
        '31356': stalled ? counts({ settled: sent }) : counts({ executed: sent }),
      },
    },
  )
}

describe('toMeshSample', () => {
  it('counts sent-but-not-stored messages as the source stage', () => {
    const s = toMeshSample(
      { atSeconds: 1, rate: 1, offered: 10, sentTo: { '1': 10 } },
      { total: counts({}), byRoute: {}, byDestination: { '1': counts({ verified: 3, executed: 4 }) } },
    )
    assert.deepEqual(
      { ...s.destinations['1'] },
      { sent: 10, source: 3, observed: 0, verified: 3, batched: 0, settled: 0, failed: 0, executed: 4, rejected: 0 },
    )
    assert.equal(s.executed, 4)
  })
})

describe('findStalledDestinations', () => {
  it('names a destination whose backlog stays while its executed count does not move', () => {
    const samples = Array.from({ length: 40 }, (_, t) => sample(t + 1))
    assert.deepEqual(findStalledDestinations(samples, 30), ['31356'])
  })
  it('works with samples that never land on whole seconds (a sampler wakes about once a second)', () => {
    const samples = Array.from({ length: 40 }, (_, i) => ({ ...sample(i + 1), atSeconds: 1.013 * (i + 1) + 0.4 }))
    assert.deepEqual(findStalledDestinations(samples, 30), ['31356'])
  })
  it('names none when every destination executes, or before the window has passed', () => {
    assert.deepEqual(
      findStalledDestinations(
        Array.from({ length: 40 }, (_, t) => sample(t + 1, false)),
        30,
      ),
      [],
    )
    assert.deepEqual(
      findStalledDestinations(
        Array.from({ length: 10 }, (_, t) => sample(t + 1)),
        30,
      ),
      [],
    )
    assert.deepEqual(findStalledDestinations([], 30), [])
  })
  it('does not call an idle destination (no backlog) stalled', () => {
    const idle = Array.from({ length: 40 }, (_, t) =>
      toMeshSample(
        { atSeconds: t, rate: 0, offered: 0, sentTo: { '1': 5 } },
        { total: counts({}), byRoute: {}, byDestination: { '1': counts({ executed: 5 }) } },
      ),
    )
    assert.deepEqual(findStalledDestinations(idle, 30), [])
  })
})

describe('formatProgressLine', () => {
  it('shows the execution rate and each destination backlog by stage', () => {
    const line = formatProgressLine(sample(12), sample(11), { '31337': 'ethereum-local', '31356': 'bsc-local' })
    assert.equal(
      line,
      '[12s] rate 20/s | sent 240 exec 120 (10/s) | ethereum-local backlog 0 (src 0 ver 0 bat 0 set 0) exec 120 | ' +
        'bsc-local backlog 120 (src 0 ver 0 bat 0 set 120) exec 0',
    )
  })
})
