import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decidePullSize, nextHandlingCost, type PullOptions, type PullState } from './decidePullSize.js'

// The verifier's consumer: 30 s ack wait, half of it for what is held, groups of 64, at most 256 held.
const verifier: PullOptions = { ackWaitMs: 30_000, share: 0.5, batch: 64, maxHeld: 256 }

describe('decidePullSize', () => {
  const cases: [string, PullState, PullOptions, ReturnType<typeof decidePullSize>][] = [
    [
      'first pull, nothing measured: one handler call',
      { held: 0, outstanding: 0, costMs: undefined },
      verifier,
      {
        size: 64,
        reason: 'probe',
      },
    ],
    [
      'nothing measured, some held: tops up to one call',
      { held: 10, outstanding: 0, costMs: undefined },
      verifier,
      {
        size: 54,
        reason: 'probe',
      },
    ],
    [
      'nothing measured, a call held',
      { held: 64, outstanding: 0, costMs: undefined },
      verifier,
      {
        size: 0,
        reason: 'enough-held',
      },
    ],
    [
      'a pull in flight: never a second',
      { held: 0, outstanding: 1, costMs: 1 },
      verifier,
      {
        size: 0,
        reason: 'in-flight',
      },
    ],
    [
      'fast handler: capped by maxHeld',
      { held: 0, outstanding: 0, costMs: 1 },
      verifier,
      { size: 256, reason: 'pace' },
    ],
    [
      'fast handler, half held: tops up to maxHeld',
      { held: 128, outstanding: 0, costMs: 1 },
      verifier,
      {
        size: 128,
        reason: 'pace',
      },
    ],
    [
      'fast handler, less than a call of room: waits',
      { held: 200, outstanding: 0, costMs: 1 },
      verifier,
      {
        size: 0,
        reason: 'enough-held',
      },
    ],
    [
      'handler done in no time: maxHeld',
      { held: 0, outstanding: 0, costMs: 0 },
      verifier,
      { size: 256, reason: 'pace' },
    ],
    // 100 ms each: 150 fit in 15 s.
    [
      'slow handler: what it handles in half the ack wait',
      { held: 0, outstanding: 0, costMs: 100 },
      verifier,
      {
        size: 150,
        reason: 'pace',
      },
    ],
    [
      'slow handler, a call held: the rest of 150',
      { held: 64, outstanding: 0, costMs: 100 },
      verifier,
      {
        size: 86,
        reason: 'pace',
      },
    ],
    [
      'slow handler, 100 held: room for less than a call, waits',
      { held: 100, outstanding: 0, costMs: 100 },
      verifier,
      {
        size: 0,
        reason: 'enough-held',
      },
    ],
    [
      'slow handler, budget full',
      { held: 150, outstanding: 0, costMs: 100 },
      verifier,
      {
        size: 0,
        reason: 'enough-held',
      },
    ],
    // 1 s each: 15 fit, fewer than a call: pulled only when nothing is held, so no tiny pulls behind a long queue.
    [
      'slower handler: less than a call when idle',
      { held: 0, outstanding: 0, costMs: 1_000 },
      verifier,
      {
        size: 15,
        reason: 'pace',
      },
    ],
    [
      'slower handler, some held: waits for them',
      { held: 5, outstanding: 0, costMs: 1_000 },
      verifier,
      {
        size: 0,
        reason: 'enough-held',
      },
    ],
    // A call that stalled for 20 minutes over 64 deliveries: 18.75 s each, more than the whole budget.
    [
      'stalled handler, nothing held: one at a time',
      { held: 0, outstanding: 0, costMs: 18_750 },
      verifier,
      {
        size: 1,
        reason: 'one-at-a-time',
      },
    ],
    [
      'stalled handler, one held: nothing more',
      { held: 1, outstanding: 0, costMs: 18_750 },
      verifier,
      {
        size: 0,
        reason: 'enough-held',
      },
    ],
    [
      'short ack wait (2 s), 100 ms each: 10',
      { held: 0, outstanding: 0, costMs: 100 },
      { ...verifier, ackWaitMs: 2_000 },
      {
        size: 10,
        reason: 'pace',
      },
    ],
    [
      'max_ack_pending below a call: probe capped',
      { held: 0, outstanding: 0, costMs: undefined },
      {
        ...verifier,
        maxHeld: 16,
      },
      { size: 16, reason: 'probe' },
    ],
  ]
  for (const [name, state, options, expected] of cases)
    it(name, () => assert.deepEqual(decidePullSize(state, options), expected))

  it('never holds more than it handles within the share of the ack wait, once measured', () => {
    for (const costMs of [0.5, 3, 40, 100, 700, 7_000, 60_000])
      for (let held = 0; held <= 300; held += 7) {
        const { size } = decidePullSize({ held, outstanding: 0, costMs }, verifier)
        const total = held + size
        if (size > 0) assert.ok(total * costMs <= 15_000 || total === 1, `cost ${costMs} held ${held} size ${size}`)
        assert.ok(total <= Math.max(held, verifier.maxHeld), `cost ${costMs} held ${held} size ${size}`)
      }
  })

  it('always pulls something when nothing is held and no pull is in flight (no stall)', () => {
    for (const costMs of [undefined, 0, 1, 100, 1e9])
      assert.ok(decidePullSize({ held: 0, outstanding: 0, costMs }, verifier).size >= 1, `cost ${costMs}`)
  })
})

describe('nextHandlingCost', () => {
  const cases: [string, number | undefined, { messages: number; elapsedMs: number }, number | undefined][] = [
    ['first call sets it', undefined, { messages: 64, elapsedMs: 640 }, 10],
    ['slower call: taken at once', 10, { messages: 64, elapsedMs: 1_280 }, 20],
    ['faster call: a quarter of the way', 20, { messages: 64, elapsedMs: 640 }, 17.5],
    ['a stalled call: its whole time', 10, { messages: 2, elapsedMs: 120_000 }, 60_000],
    ['an empty call: unchanged', 10, { messages: 0, elapsedMs: 5 }, 10],
    ['a clock that went back: zero, a quarter of the way', 8, { messages: 4, elapsedMs: -3 }, 6],
  ]
  for (const [name, previous, call, expected] of cases)
    it(name, () => assert.equal(nextHandlingCost(previous, call), expected))
})
