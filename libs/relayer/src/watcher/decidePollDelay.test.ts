import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  decidePollDelay,
  MAX_WATCHER_BACKOFF_MS,
  type DecidePollDelayOptions,
  type DecidePollDelayState,
} from './decidePollDelay.js'

const opts = { pollIntervalMs: 100, maxBlocksPerPoll: 50, idlePollMs: 2_000 }
const polled = (blocks: bigint, idlePolls: number, wakeLive: boolean): DecidePollDelayState => ({
  kind: 'polled',
  blocks,
  idlePolls,
  wakeLive,
})

describe('decidePollDelay', () => {
  const cases: Array<[string, DecidePollDelayState, number, DecidePollDelayOptions?]> = [
    ['no subscription, nothing new: one interval', polled(0n, 1, false), 100],
    ['no subscription, many idle polls: still one interval (no added latency)', polled(0n, 40, false), 100],
    ['no subscription, a short range (caught up): one interval', polled(49n, 0, false), 100],
    ['a full range (catching up): no pause', polled(50n, 0, false), 0],
    ['a full range with a subscription: no pause', polled(50n, 0, true), 0],
    ['subscription, a block read: wait for the next head (fallback)', polled(1n, 0, true), 2_000],
    ['subscription, woken but nothing new yet: one interval', polled(0n, 1, true), 100],
    ['subscription, second empty poll: twice the interval', polled(0n, 2, true), 200],
    ['subscription, fifth empty poll: 16 intervals', polled(0n, 5, true), 1_600],
    ['subscription, empty polls back off up to the fallback', polled(0n, 6, true), 2_000],
    ['subscription, a long idle stretch stays at the fallback', polled(0n, 1_000, true), 2_000],
    [
      'a fallback below the interval is the interval',
      polled(1n, 0, true),
      500,
      { pollIntervalMs: 500, maxBlocksPerPoll: 50, idlePollMs: 100 },
    ],
    ['first failure: twice the interval', { kind: 'failed', failures: 1 }, 200],
    ['third failure in a row', { kind: 'failed', failures: 3 }, 800],
    ['the exponent stops at 6', { kind: 'failed', failures: 40 }, 6_400],
    [
      'capped at MAX_WATCHER_BACKOFF_MS',
      { kind: 'failed', failures: 6 },
      MAX_WATCHER_BACKOFF_MS,
      { pollIntervalMs: 1_000, maxBlocksPerPoll: 50, idlePollMs: 2_000 },
    ],
  ]
  for (const [name, state, ms, options] of cases)
    it(name, () => {
      assert.equal(decidePollDelay(state, options ?? opts), ms)
    })
})
