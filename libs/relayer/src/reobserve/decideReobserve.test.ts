import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decideReobserve, type ReobserveState } from './decideReobserve.js'

const base: ReobserveState = { blockNumber: 100n, unknownIds: 2, cursor: 150n, lastReadAt: undefined, now: 1_000_000 }

describe('decideReobserve', () => {
  const table: [string, Partial<ReobserveState>, ReturnType<typeof decideReobserve>][] = [
    ['a block passed with messages missing is read again', {}, { read: true }],
    ['the cursor exactly at the block counts as passed', { cursor: 100n }, { read: true }],
    ['nothing missing: nothing to read', { unknownIds: 0 }, { read: false, why: 'all-known' }],
    [
      'the watcher has not reached the block: it reads it in its turn',
      { cursor: 99n },
      { read: false, why: 'not-reached' },
    ],
    ['a watcher that never polled has reached nothing', { cursor: undefined }, { read: false, why: 'not-reached' }],
    [
      'read again a minute ago: its bundle may still be on its way',
      { lastReadAt: 1_000_000 - 60_000 },
      { read: false, why: 'read-recently' },
    ],
    [
      'read again a minute ago and the stream no longer holds that re-read: read at once',
      { lastReadAt: 1_000_000 - 60_000, lastReadFate: 'dropped-by-stream' },
      { read: true },
    ],
    [
      'read again a minute ago and the verifier passed it without storing: wait the retry time',
      { lastReadAt: 1_000_000 - 60_000, lastReadFate: 'passed-by-verifier' },
      { read: false, why: 'read-recently' },
    ],
    [
      'read again a minute ago and still on its way to the verifier: wait',
      { lastReadAt: 1_000_000 - 60_000, lastReadFate: 'waiting' },
      { read: false, why: 'read-recently' },
    ],
    ['read again long ago and still missing: read once more', { lastReadAt: 1_000_000 - 11 * 60_000 }, { read: true }],
    [
      'read again over two minutes ago and still missing: read once more',
      { lastReadAt: 1_000_000 - 121_000 },
      { read: true },
    ],
  ]
  for (const [name, change, expected] of table) {
    it(name, () => assert.deepEqual(decideReobserve({ ...base, ...change }), expected))
  }
})
