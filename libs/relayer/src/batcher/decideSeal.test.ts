import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decideSeal, defaultSealOptions, quorumTimeoutMsOf, type SealDecision, type SealState } from './decideSeal.js'

const options = { maxMessages: 100, maxAgeMs: 500, cosignDeadlineMs: 30_000, maxHoldMs: 10_000, maxSettling: 2 }
const timeout = quorumTimeoutMsOf(options.cosignDeadlineMs) // 37.5 s
const queue = (size: number, oldestVerifiedAt: number | null = null) => ({ size, oldestVerifiedAt })
const idleQueue = queue(0)

describe('decideSeal', () => {
  const table: [string, SealState, SealDecision][] = [
    ['nothing queued, nothing in flight', { now: 1_000, inFlight: undefined, settling: 0, queue: idleQueue }, 'idle'],
    [
      'a full queue seals at once, however young',
      { now: 1_000, inFlight: undefined, settling: 0, queue: queue(100, 999) },
      'seal',
    ],
    [
      'more than a batch queued seals',
      { now: 1_000, inFlight: undefined, settling: 0, queue: queue(250, 1_000) },
      'seal',
    ],
    [
      'a short queue younger than maxAgeMs waits',
      { now: 1_000, inFlight: undefined, settling: 0, queue: queue(3, 600) },
      'idle',
    ],
    [
      'a queue at a halved limit after a refusal (50 of 100) seals by age, not at once',
      { now: 1_000, inFlight: undefined, settling: 0, queue: queue(50, 900) },
      'idle',
    ],
    [
      'a short queue exactly maxAgeMs old seals',
      { now: 1_100, inFlight: undefined, settling: 0, queue: queue(3, 600) },
      'seal',
    ],
    [
      'a single old message seals (a trickle is never stranded)',
      { now: 60_000, inFlight: undefined, settling: 0, queue: queue(1, 0) },
      'seal',
    ],
    [
      'a queue of paused routes only (no oldest) stays idle',
      { now: 60_000, inFlight: undefined, settling: 0, queue: queue(3, null) },
      'idle',
    ],
    [
      'one batch waiting for the settler beside none being settled: a short queue still seals (settling overlaps ' +
        'co-signing)',
      { now: 5_000, inFlight: undefined, settling: 1, queue: queue(3, 600) },
      'seal',
    ],
    [
      'a short queue holds while maxSettling batches wait for the settler',
      { now: 5_000, inFlight: undefined, settling: 2, queue: queue(3, 600) },
      'hold',
    ],
    [
      'a full queue seals while the previous batch settles',
      { now: 1_000, inFlight: undefined, settling: 2, queue: queue(100, 999) },
      'seal',
    ],
    [
      'a held queue seals once its oldest message waited maxHoldMs',
      { now: 10_600, inFlight: undefined, settling: 2, queue: queue(3, 600) },
      'seal',
    ],
    [
      'a queue younger than maxAgeMs is idle, settling or not',
      { now: 1_000, inFlight: undefined, settling: 2, queue: queue(3, 900) },
      'idle',
    ],
    [
      'a batch in flight waits for its quorum',
      { now: 10_000, inFlight: { proposedAt: 0 }, settling: 0, queue: idleQueue },
      'await-signatures',
    ],
    [
      'a batch in flight blocks even a full queue',
      { now: 10_000, inFlight: { proposedAt: 0 }, settling: 0, queue: queue(500, 0) },
      'await-signatures',
    ],
    [
      'a batch in flight past the quorum timeout is refused',
      { now: timeout, inFlight: { proposedAt: 0 }, settling: 0, queue: idleQueue },
      'refuse',
    ],
    [
      'one ms short of the timeout still waits',
      { now: timeout - 1, inFlight: { proposedAt: 0 }, settling: 0, queue: idleQueue },
      'await-signatures',
    ],
    [
      "a proposal dated in this clock's future waits",
      { now: 0, inFlight: { proposedAt: 5_000 }, settling: 0, queue: idleQueue },
      'await-signatures',
    ],
  ]
  for (const [name, state, expected] of table) it(name, () => assert.equal(decideSeal(state, options), expected))

  it('waits past the co-sign deadline by a grace of at least 5 s or a quarter of it', () => {
    assert.equal(quorumTimeoutMsOf(30_000), 37_500)
    assert.equal(quorumTimeoutMsOf(2_000), 7_000)
    assert.equal(quorumTimeoutMsOf(600_000), 750_000)
  })

  it("uses the batch settings' defaults", () => {
    assert.equal(decideSeal({ now: 499, inFlight: undefined, settling: 0, queue: queue(999, 0) }), 'idle')
    assert.equal(decideSeal({ now: 29_999, inFlight: undefined, settling: 2, queue: queue(999, 0) }), 'hold')
    assert.equal(decideSeal({ now: 30_000, inFlight: undefined, settling: 2, queue: queue(999, 0) }), 'seal')
    assert.equal(decideSeal({ now: 500, inFlight: undefined, settling: 0, queue: queue(999, 0) }), 'seal')
    assert.equal(
      decideSeal({ now: 0, inFlight: undefined, settling: 0, queue: queue(defaultSealOptions.maxMessages, 0) }),
      'seal',
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
    inFlight: { proposedAt: number; ids: number[] } | undefined
    quorumAfterMs: number | undefined
    sealed: number[]
    refused: number
  }
  const make = (name: string, quorumAfterMs: number | undefined): Destination => ({
    name,
    queued: [],
    inFlight: undefined,
    quorumAfterMs,
    sealed: [],
    refused: 0,
  })

  function step(d: Destination, now: number): void {
    if (d.inFlight && d.quorumAfterMs !== undefined && now - d.inFlight.proposedAt >= d.quorumAfterMs)
      d.inFlight = undefined // promoted: signed
    const batch = d.queued.slice(0, options.maxMessages)
    const decision = decideSeal(
      {
        now,
        inFlight: d.inFlight && { proposedAt: d.inFlight.proposedAt },
        settling: 0,
        queue: queue(batch.length, batch[0] ?? null),
      },
      options,
    )
    if (decision === 'refuse') {
      d.queued = [...(d.inFlight?.ids ?? []), ...d.queued].sort((a, b) => a - b)
      d.inFlight = undefined
      d.refused++
    }
    if (decision === 'seal') {
      d.inFlight = { proposedAt: now, ids: batch }
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
    // The flood seals as soon as each batch is signed: every 200-300 ms (quorum, then the next tick).
    // reason: i < sealed.length - 1
    const gaps = (d: Destination) => d.sealed.slice(1).map((t, i) => t - (d.sealed[i] as number))
    assert.ok(flood.sealed.length > 900, `flood sealed ${flood.sealed.length}`)
    assert.ok(Math.max(...gaps(flood)) <= 300)
    // The trickle seals every message maxAgeMs after it arrives (plus a tick), however little else arrives.
    assert.equal(trickle.sealed.length, Math.floor(300_000 / 7_000) + 1)
    assert.ok(trickle.sealed.every((t) => t % 7_000 <= options.maxAgeMs + tickMs))
    // Without co-signers a destination still proposes again after every quorum timeout: refused, never stuck.
    assert.ok(silent.refused >= 7, `silent refused ${silent.refused}`)
    assert.ok(Math.max(...gaps(silent)) <= timeout + tickMs)
  })
})

/**
 * A proposer against a settler slower than its quorum (the devnet's BSC stand-in): each signed batch takes the
 * settler `settleMs` to land, one after the other. Sealing by age alone made a batch every `maxAgeMs` and the
 * signed-but-unsettled queue grew for ever; held, the batches grow instead and the queue stays bounded.
 */
describe('decideSeal against a slow settler (backpressure)', () => {
  function run(settling: (unsettled: number) => number) {
    const settleMs = 4_000
    const quorumMs = 200
    let queued: number[] = []
    let inFlight: { proposedAt: number; size: number } | undefined
    const unsettled: number[] = [] // batch sizes signed, waiting for the settler in order
    let settledAt = 0
    let settledMessages = 0
    let maxUnsettled = 0
    for (let now = 0; now <= 600_000; now += 100) {
      if (now % 100 === 0) queued.push(now) // 10 msgs/s
      if (inFlight && now - inFlight.proposedAt >= quorumMs) {
        unsettled.push(inFlight.size)
        inFlight = undefined
      }
      if (unsettled.length > 0 && now - settledAt >= settleMs) {
        settledMessages += unsettled.shift() as number // reason: length checked
        settledAt = now
      }
      maxUnsettled = Math.max(maxUnsettled, unsettled.length)
      const batch = queued.slice(0, options.maxMessages)
      const state = {
        now,
        inFlight: inFlight && { proposedAt: inFlight.proposedAt },
        settling: settling(unsettled.length),
        queue: queue(batch.length, batch[0] ?? null),
      }
      if (decideSeal(state, options) === 'seal') {
        inFlight = { proposedAt: now, size: batch.length }
        queued = queued.slice(batch.length)
      }
    }
    return { maxUnsettled, settledMessages, backlog: queued.length + unsettled.reduce((a, b) => a + b, 0) }
  }

  it('without the hold the signed batches pile up; with it they stay bounded and every message settles', () => {
    const ageOnly = run(() => 0)
    const held = run((n) => n)
    assert.ok(ageOnly.maxUnsettled > 100, `age only: ${ageOnly.maxUnsettled} batches waiting`)
    assert.ok(held.maxUnsettled <= 2, `held: ${held.maxUnsettled} batches waiting`)
    // 6,000 messages offered over 600 s: the held proposer keeps up (what is left is the last few seconds' worth).
    assert.ok(held.settledMessages >= 5_900, `held settled ${held.settledMessages}`)
    assert.ok(held.backlog <= 100, `held backlog ${held.backlog}`)
    assert.ok(ageOnly.backlog > 3_000, `age-only backlog ${ageOnly.backlog}`)
  })
})
