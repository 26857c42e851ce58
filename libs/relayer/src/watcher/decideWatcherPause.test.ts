import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decideWatcherPause, MAX_WATCHER_BACKOFF_MS, type DecideWatcherPauseState } from './decideWatcherPause.js'

const opts = { pollIntervalMs: 100, maxBlocksPerPoll: 50 }

describe('decideWatcherPause', () => {
  const cases: Array<[string, DecideWatcherPauseState, number, { pollIntervalMs: number; maxBlocksPerPoll: number }?]> =
    [
      ['nothing new: one interval', { kind: 'polled', blocks: 0n }, 100],
      ['a short range (caught up): one interval', { kind: 'polled', blocks: 49n }, 100],
      ['a full range (catching up): no pause', { kind: 'polled', blocks: 50n }, 0],
      ['first failure: twice the interval', { kind: 'failed', failures: 1 }, 200],
      ['third failure in a row', { kind: 'failed', failures: 3 }, 800],
      ['the exponent stops at 6', { kind: 'failed', failures: 40 }, 6_400],
      [
        'capped at MAX_WATCHER_BACKOFF_MS',
        { kind: 'failed', failures: 6 },
        MAX_WATCHER_BACKOFF_MS,
        { pollIntervalMs: 1_000, maxBlocksPerPoll: 50 },
      ],
    ]
  for (const [name, state, ms, options] of cases)
    it(name, () => {
      assert.equal(decideWatcherPause(state, options ?? opts), ms)
    })
})
