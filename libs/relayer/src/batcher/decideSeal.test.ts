import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decideSeal, defaultSealOptions, quorumTimeoutMsOf, type SealDecision, type SealState } from './decideSeal.js'

const options = { maxMessages: 100, maxAgeMs: 500, cosignDeadlineMs: 30_000, maxInFlight: 3 }
const timeout = quorumTimeoutMsOf(options.cosignDeadlineMs) // 37.5 s
const queue = (size: number, oldestVerifiedAt: number | null = null) => ({ size, oldestVerifiedAt })
const idleQueue = queue(0)
const flight = (count: number, oldestProposedAt = 0) => ({ count, oldestProposedAt })

describe('decideSeal', () => {
  const table: [string, SealState, SealDecision][] = [
    ['nothing queued, nothing in flight', { now: 1_000, inFlight: undefined, queue: idleQueue }, 'idle'],
    ['a full queue seals at once, however young', { now: 1_000, inFlight: undefined, queue: queue(100, 999) }, 'seal'],
    ['more than a batch queued seals', { now: 1_000, inFlight: undefined, queue: queue(250, 1_000) }, 'seal'],
    ['a short queue younger than maxAgeMs waits', { now: 1_000, inFlight: undefined, queue: queue(3, 600) }, 'idle'],
    [
      'a queue at a halved limit after a refusal (50 of 100) seals by age, not at once',
      { now: 1_000, inFlight: undefined, queue: queue(50, 900) },
      'idle',
    ],
    ['a short queue exactly maxAgeMs old seals', { now: 1_100, inFlight: undefined, queue: queue(3, 600) }, 'seal'],
    [
      'a single old message seals (a trickle is never stranded)',
      { now: 60_000, inFlight: undefined, queue: queue(1, 0) },
      'seal',
    ],
    [
      'a queue of paused routes only (no oldest) stays idle',
      { now: 60_000, inFlight: undefined, queue: queue(3, null) },
      'idle',
    ],
    ['a batch in flight and nothing queued: idle', { now: 10_000, inFlight: flight(1), queue: idleQueue }, 'idle'],
    [
      'a batch in flight does not block a full queue: the next batch is proposed on it',
      { now: 10_000, inFlight: flight(1), queue: queue(100, 9_999) },
      'seal',
    ],
    [
      'batches in flight short of maxInFlight: an old short queue seals',
      { now: 10_000, inFlight: flight(2), queue: queue(3, 0) },
      'seal',
    ],
    [
      'batches in flight short of maxInFlight: a young short queue waits for its age',
      { now: 10_000, inFlight: flight(2), queue: queue(3, 9_800) },
      'idle',
    ],
    [
      'maxInFlight batches in flight block even a full queue',
      { now: 10_000, inFlight: flight(3), queue: queue(500, 0) },
      'await-signatures',
    ],
    [
      'maxInFlight batches, nothing queued: wait for signatures',
      { now: 10_000, inFlight: flight(3), queue: idleQueue },
      'await-signatures',
    ],
    [
      'the oldest batch in flight past the quorum timeout is refused',
      { now: timeout, inFlight: flight(1), queue: idleQueue },
      'refuse',
    ],
    [
      'the oldest past its timeout is refused even with room for more and a full queue (its successors chain on it)',
      { now: timeout, inFlight: flight(2), queue: queue(100, 0) },
      'refuse',
    ],
    [
      'one ms short of the timeout still waits',
      { now: timeout - 1, inFlight: flight(3), queue: idleQueue },
      'await-signatures',
    ],
    [
      "a proposal dated in this clock's future waits",
      { now: 0, inFlight: flight(3, 5_000), queue: idleQueue },
      'await-signatures',
    ],
    ['a count of 0 counts as nothing in flight', { now: 1_000, inFlight: flight(0), queue: queue(100, 999) }, 'seal'],
  ]
  for (const [name, state, expected] of table) it(name, () => assert.equal(decideSeal(state, options), expected))

  it('waits past the co-sign deadline by a grace of at least 5 s or a quarter of it', () => {
    assert.equal(quorumTimeoutMsOf(30_000), 37_500)
    assert.equal(quorumTimeoutMsOf(2_000), 7_000)
    assert.equal(quorumTimeoutMsOf(600_000), 750_000)
  })

  it("uses the batch settings' defaults", () => {
    assert.equal(decideSeal({ now: 499, inFlight: undefined, queue: queue(999, 0) }), 'idle')
    assert.equal(decideSeal({ now: 500, inFlight: undefined, queue: queue(999, 0) }), 'seal')
    assert.equal(decideSeal({ now: 0, inFlight: undefined, queue: queue(defaultSealOptions.maxMessages, 0) }), 'seal')
    const full = queue(defaultSealOptions.maxMessages, 0)
    assert.equal(decideSeal({ now: 0, inFlight: flight(defaultSealOptions.maxInFlight - 1), queue: full }), 'seal')
    assert.equal(
      decideSeal({ now: 0, inFlight: flight(defaultSealOptions.maxInFlight), queue: full }),
      'await-signatures',
    )
  })
})

/**
 * Several destinations, each stepped by its own proposer loop on one clock: a flood that keeps the queue full, a
 * trickle of one message every 7 s, and one whose co-signers never answer. Every destination must keep proposing.
 */
describe('decideSeal under steady traffic (no destination starves)', () => {
  type Destination = {
    name: string
    queued: number[]
    inFlight: { proposedAt: number; ids: number[] }[]
    quorumAfterMs: number | undefined
    sealed: number[]
    refused: number
  }
  const make = (name: string, quorumAfterMs: number | undefined): Destination => ({
    name,
    queued: [],
    inFlight: [],
    quorumAfterMs,
    sealed: [],
    refused: 0,
  })

  function step(d: Destination, now: number, sealOptions = options): void {
    const { quorumAfterMs } = d
    if (quorumAfterMs !== undefined) d.inFlight = d.inFlight.filter((b) => now - b.proposedAt < quorumAfterMs) // promoted: signed
    const batch = d.queued.slice(0, options.maxMessages)
    const oldest = d.inFlight[0]
    const decision = decideSeal(
      {
        now,
        inFlight: oldest && flight(d.inFlight.length, oldest.proposedAt),
        queue: queue(batch.length, batch[0] ?? null),
      },
      sealOptions,
    )
    if (decision === 'refuse') {
      // The oldest and every later batch chained on it.
      d.queued = [...d.inFlight.flatMap((b) => b.ids), ...d.queued].sort((a, b) => a - b)
      d.inFlight = []
      d.refused++
    }
    if (decision === 'seal') {
      d.inFlight.push({ proposedAt: now, ids: batch })
      d.queued = d.queued.slice(batch.length)
      d.sealed.push(now)
    }
  }

  it('a flood, a trickle and a destination without quorum all make progress, each within its bound', () => {
    const flood = make('flood', 200)
    const trickle = make('trickle', 200)
    const silent = make('silent', undefined)
    const tickMs = 100
    for (let now = 0; now <= 300_000; now += tickMs) {
      for (let i = 0; i < 50; i++) flood.queued.push(now) // 500 msgs/s, five batches a second offered
      if (now % 7_000 === 0) trickle.queued.push(now)
      if (now % 1_000 === 0) silent.queued.push(now)
      for (const d of [flood, trickle, silent]) step(d, now)
    }
    // The flood seals as soon as a batch is signed or a slot is free: every 100-200 ms (quorum, then the next tick).
    const gaps = (d: Destination) => d.sealed.slice(1).map((t, i) => t - (d.sealed[i] as number)) // reason: i < sealed.length - 1
    assert.ok(flood.sealed.length >= 1_500, `flood sealed ${flood.sealed.length}`)
    assert.ok(Math.max(...gaps(flood)) <= 200)
    // The trickle seals every message maxAgeMs after it arrives (plus a tick), however little else arrives.
    assert.equal(trickle.sealed.length, Math.floor(300_000 / 7_000) + 1)
    assert.ok(trickle.sealed.every((t) => t % 7_000 <= options.maxAgeMs + tickMs))
    // Without co-signers a destination still proposes again after every quorum timeout: refused, never stuck.
    assert.ok(silent.refused >= 7, `silent refused ${silent.refused}`)
    assert.ok(Math.max(...gaps(silent)) <= timeout + tickMs)
  })

  // Co-signers whose verifiers lag make each quorum take a second: with one batch in flight the destination settles
  // one batch a second whatever the offered load; with several in flight they are signed in turn.
  it('a flood whose quorum takes 1 s: several batches in flight seal about maxInFlight times as many as one', () => {
    const sealedWith = (maxInFlight: number) => {
      const flood = make('flood', 1_000)
      for (let now = 0; now <= 300_000; now += 100) {
        for (let i = 0; i < 50; i++) flood.queued.push(now)
        step(flood, now, { ...options, maxInFlight })
      }
      assert.equal(flood.refused, 0)
      return flood.sealed.length
    }
    const one = sealedWith(1)
    const three = sealedWith(3)
    assert.ok(one <= 300, `one in flight sealed ${one}`)
    assert.ok(three >= 2.5 * one, `three in flight sealed ${three}, one ${one}`)
  })
})
