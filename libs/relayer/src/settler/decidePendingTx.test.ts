import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  decidePendingTx,
  type PendingTxAction,
  type PendingTxObservation,
  type PendingTxWatch,
} from './decidePendingTx.js'

const options = { bumpAfterMs: 30_000, graceMs: 5_000 }
const NONCE = 7n
const seen = (now: number, over: Partial<PendingTxObservation> = {}): PendingTxObservation => ({
  now,
  nonce: NONCE,
  receipt: undefined,
  nonceTaken: false,
  ...over,
})
/** The node's answer: whether it holds a version, and the account's pending count relative to the tx's nonce. */
const node = (known: boolean, pendingCount: bigint) => ({ node: { known, pendingCount } })
const wait: PendingTxAction = { kind: 'wait' }

describe('decidePendingTx', () => {
  it('decides from the chain status of a pending tx', () => {
    const fresh: PendingTxWatch = { broadcastAt: 0 }
    const table: [string, PendingTxWatch, PendingTxObservation, PendingTxAction][] = [
      ['mined deep enough: record it', fresh, seen(10, { receipt: 'confirmed' }), { kind: 'record' }],
      [
        'mined deep enough, even with the nonce taken long ago',
        { broadcastAt: 0, takenSince: 0 },
        seen(60_000, { receipt: 'confirmed', nonceTaken: true }),
        { kind: 'record' },
      ],
      ['mined but still confirming: wait', fresh, seen(60_000, { receipt: 'confirming' }), wait],
      ['in the pool, recently sent: wait', fresh, seen(10, node(true, NONCE + 1n)), wait],
      ['nothing looked up, recently sent: wait', fresh, seen(10), wait],
      ['in the pool, slow: bump', fresh, seen(30_000, node(true, NONCE + 1n)), { kind: 'bump' }],
      ['not looked up this poll, slow: bump', fresh, seen(30_000), { kind: 'bump' }],
      [
        'lost, nonce free (pending count = nonce): rebroadcast the stored bytes',
        fresh,
        seen(10, node(false, NONCE)),
        { kind: 'rebroadcast' },
      ],
      [
        'lost, another tx of ours holds the nonce in the pool: rebroadcast (ours may still win)',
        fresh,
        seen(10, node(false, NONCE + 1n)),
        { kind: 'rebroadcast' },
      ],
      [
        'lost and slow: rebroadcast first, the stored bytes cost nothing',
        fresh,
        seen(40_000, node(false, NONCE)),
        { kind: 'rebroadcast' },
      ],
      ['nonce taken, first seen: wait (receipts lag account state)', fresh, seen(10, { nonceTaken: true }), wait],
      [
        'nonce taken, within grace: wait',
        { broadcastAt: 0, takenSince: 1_000 },
        seen(5_999, { nonceTaken: true }),
        wait,
      ],
      [
        'nonce taken for the grace: give up, conflict',
        { broadcastAt: 0, takenSince: 1_000 },
        seen(6_000, { nonceTaken: true }),
        { kind: 'give-up', code: 'TX_NONCE_CONFLICT' },
      ],
      [
        'nonce taken and slow: never bump a nonce that is gone',
        { broadcastAt: 0, takenSince: 40_000 },
        seen(40_001, { nonceTaken: true }),
        wait,
      ],
      ['above a gap, first seen: wait', fresh, seen(10, node(false, NONCE - 1n)), wait],
      [
        'above a gap, known in the pool: wait, it cannot be mined either',
        fresh,
        seen(10, node(true, NONCE - 2n)),
        wait,
      ],
      [
        'above a gap for the grace: give up, gap',
        { broadcastAt: 0, gapSince: 2_000 },
        seen(7_000, node(true, NONCE - 1n)),
        { kind: 'give-up', code: 'TX_NONCE_GAP' },
      ],
      [
        'above a gap and slow, not looked up this poll: no bump',
        { broadcastAt: 0, gapSince: 28_000 },
        seen(31_000),
        wait,
      ],
      [
        'a gap that closed (pending count reached the nonce): rebroadcast if lost',
        { broadcastAt: 0, gapSince: 0 },
        seen(9_000, node(false, NONCE)),
        { kind: 'rebroadcast' },
      ],
    ]
    for (const [name, watch, observation, action] of table)
      assert.deepEqual(decidePendingTx(watch, observation, options).action, action, name)
  })

  it('remembers since when a nonce was taken or a gap was seen, and forgets when the reading changes', () => {
    const table: [string, PendingTxWatch, PendingTxObservation, PendingTxWatch][] = [
      [
        'first taken reading starts the grace',
        { broadcastAt: 0 },
        seen(100, { nonceTaken: true }),
        { broadcastAt: 0, takenSince: 100, gapSince: undefined },
      ],
      [
        'a later taken reading keeps the start',
        { broadcastAt: 0, takenSince: 100 },
        seen(900, { nonceTaken: true }),
        { broadcastAt: 0, takenSince: 100, gapSince: undefined },
      ],
      [
        'the nonce free again restarts the grace',
        { broadcastAt: 0, takenSince: 100 },
        seen(900),
        { broadcastAt: 0, takenSince: undefined },
      ],
      [
        'a receipt while confirming clears both',
        { broadcastAt: 0, takenSince: 100, gapSince: 50 },
        seen(900, { receipt: 'confirming' }),
        { broadcastAt: 0, takenSince: undefined, gapSince: undefined },
      ],
      [
        'first gap reading starts its grace',
        { broadcastAt: 0 },
        seen(300, node(false, NONCE - 1n)),
        { broadcastAt: 0, takenSince: undefined, gapSince: 300 },
      ],
      [
        'a poll without a node lookup keeps the gap',
        { broadcastAt: 0, gapSince: 300 },
        seen(600),
        { broadcastAt: 0, takenSince: undefined, gapSince: 300 },
      ],
      [
        'a lookup without a gap clears it',
        { broadcastAt: 0, gapSince: 300 },
        seen(600, node(true, NONCE + 1n)),
        { broadcastAt: 0, takenSince: undefined, gapSince: undefined },
      ],
    ]
    for (const [name, watch, observation, next] of table)
      assert.deepEqual(decidePendingTx(watch, observation, options).watch, next, name)
  })

  it('a lost tx is never given up while its nonce is free, however long it has been lost', () => {
    let watch: PendingTxWatch = { broadcastAt: 0 }
    for (let now = 0; now <= 10 * options.bumpAfterMs; now += 1_000) {
      const { action, watch: next } = decidePendingTx(watch, seen(now, node(false, NONCE)), options)
      assert.equal(action.kind, 'rebroadcast', `at ${now} ms`)
      watch = next
    }
  })
})
