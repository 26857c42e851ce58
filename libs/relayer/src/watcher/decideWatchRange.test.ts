import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decideWatchRange, type DecideWatchRangeState, type WatchRangeDecision } from './decideWatchRange.js'

const opts = { startBlock: 10n, maxBlocksPerPoll: 100 }

describe('decideWatchRange', () => {
  const cases: Array<[string, DecideWatchRangeState, WatchRangeDecision]> = [
    ['no cursor: from the start block', { safe: 50n, cursor: undefined }, { kind: 'read', from: 10n, to: 50n }],
    ['no cursor, start block not safe yet', { safe: 9n, cursor: undefined }, { kind: 'caughtUp' }],
    [
      'after the cursor, up to the safe head',
      { safe: 60n, cursor: { number: 49n, hash: '0xaa' } },
      { kind: 'read', from: 50n, to: 60n },
    ],
    [
      'at most maxBlocksPerPoll blocks',
      { safe: 1_000n, cursor: { number: 49n, hash: '0xaa' } },
      { kind: 'read', from: 50n, to: 149n },
    ],
    ['cursor at the safe head', { safe: 60n, cursor: { number: 60n, hash: '0xaa' } }, { kind: 'caughtUp' }],
    [
      'the safe head went back under the cursor (a shallower confirmation rule)',
      { safe: 55n, cursor: { number: 60n, hash: '0xaa' } },
      { kind: 'caughtUp' },
    ],
    ['one new safe block', { safe: 61n, cursor: { number: 60n, hash: '0xaa' } }, { kind: 'read', from: 61n, to: 61n }],
    [
      'a rewound cursor (no hash, below genesis) reads from block 0, whatever the start block',
      { safe: 500n, cursor: { number: -1n, hash: undefined } },
      { kind: 'read', from: 0n, to: 99n },
    ],
  ]
  for (const [name, state, expected] of cases)
    it(name, () => {
      assert.deepEqual(decideWatchRange(state, opts), expected)
    })
})
