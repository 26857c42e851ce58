import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { BatchState } from '@relaymesh/store'
import { slotAfter } from './slotAfter.js'

const batch = (state: BatchState, batchIndex: bigint) =>
  ({ state, batchIndex, batchHash: '0x0b', previousBatchHash: '0x0a' }) as const

describe('slotAfter', () => {
  it('continues the inbox chain with no batch in this database', () => assert.equal(slotAfter(null), 'read-inbox'))
  it('follows a live batch: next index, its hash', () => {
    for (const state of ['proposed', 'signed', 'submitted', 'settled'] as const)
      assert.deepEqual(slotAfter(batch(state, 4n)), { batchIndex: 5n, previousBatchHash: '0x0b' }, state)
  })
  it('reuses a refused batch slot: its index, its previous hash', () =>
    assert.deepEqual(slotAfter(batch('refused', 4n)), { batchIndex: 4n, previousBatchHash: '0x0a' }))
})
