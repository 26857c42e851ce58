import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  decideFollowRange,
  defaultFollowRangeOptions,
  type FollowRangeDecision,
  type FollowRangeState,
} from './decideFollowRange.js'

const options = { txConfirmations: 3, startBlock: 10n, maxBlocksPerPoll: 100 }

describe('decideFollowRange', () => {
  const table: [string, FollowRangeState, FollowRangeDecision][] = [
    [
      'a fresh follower reads its cursor first',
      { head: 50n, doneUpTo: undefined, cursor: undefined },
      { kind: 'need-cursor' },
    ],
    [
      'no cursor stored: from startBlock to the confirmed block',
      { head: 50n, doneUpTo: undefined, cursor: null },
      { kind: 'follow', from: 10n, to: 48n, safe: 48n },
    ],
    [
      'from the block after the cursor',
      { head: 50n, doneUpTo: undefined, cursor: 20n },
      { kind: 'follow', from: 21n, to: 48n, safe: 48n },
    ],
    [
      'a backlog is read maxBlocksPerPoll at a time',
      { head: 1_000n, doneUpTo: undefined, cursor: 20n },
      { kind: 'follow', from: 21n, to: 120n, safe: 998n },
    ],
    [
      'caught up: cursor at the confirmed block',
      { head: 50n, doneUpTo: undefined, cursor: 48n },
      { kind: 'caught-up', safe: 48n },
    ],
    [
      'caught up: startBlock ahead of the chain',
      { head: 5n, doneUpTo: undefined, cursor: null },
      { kind: 'caught-up', safe: 3n },
    ],
    [
      'nothing confirmed since it caught up: idle, not even the cursor is read',
      { head: 51n, doneUpTo: 49n, cursor: undefined },
      { kind: 'idle' },
    ],
    [
      'a head that went back (another endpoint) is idle too',
      { head: 40n, doneUpTo: 49n, cursor: 49n },
      { kind: 'idle' },
    ],
    [
      'one new confirmed block after catching up is followed',
      { head: 52n, doneUpTo: 49n, cursor: 49n },
      { kind: 'follow', from: 50n, to: 50n, safe: 50n },
    ],
  ]
  for (const [name, state, expected] of table)
    it(name, () => assert.deepEqual(decideFollowRange(state, options), expected))

  it('treats 0 and 1 confirmations alike: the head itself', () => {
    for (const txConfirmations of [0, 1])
      assert.deepEqual(
        decideFollowRange({ head: 7n, doneUpTo: undefined, cursor: 6n }, { ...options, txConfirmations }),
        { kind: 'follow', from: 7n, to: 7n, safe: 7n },
      )
  })

  it("uses the chain settings' defaults", () => {
    assert.deepEqual(decideFollowRange({ head: 1_000n, doneUpTo: undefined, cursor: null }), {
      kind: 'follow',
      from: 0n,
      to: 499n,
      safe: 1_000n,
    })
    assert.equal(defaultFollowRangeOptions.maxBlocksPerPoll, 500)
  })

  it('a follower behind a chain that keeps growing still moves its cursor every step, and catches up once it slows', () => {
    const state: FollowRangeState = { head: 0n, doneUpTo: undefined, cursor: null }
    let steps = 0
    for (let head = 0n; head < 20_000n; head += 150n) {
      // 150 new blocks per step against 100 read
      const decision = decideFollowRange({ ...state, head }, options)
      if (decision.kind !== 'follow') continue
      assert.equal(decision.from, (state.cursor ?? options.startBlock - 1n) + 1n)
      state.cursor = decision.to
      steps++
    }
    assert.ok(steps > 100 && (state.cursor ?? 0n) > 10_000n)
    const head = 20_000n // the chain stops: the backlog drains
    for (
      let decision = decideFollowRange({ ...state, head }, options);
      decision.kind === 'follow';
      decision = decideFollowRange({ ...state, head }, options)
    ) {
      state.cursor = decision.to
      if (decision.to === decision.safe) state.doneUpTo = decision.safe
    }
    assert.equal(state.cursor, head - 2n)
    assert.deepEqual(decideFollowRange({ ...state, head }, options), { kind: 'idle' })
  })
})
