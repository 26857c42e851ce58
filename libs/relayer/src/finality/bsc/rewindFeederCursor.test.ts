import assert from 'node:assert/strict'
import { test } from 'node:test'
import { rewindFeederCursor } from './rewindFeederCursor.js'

const blockHash = new Uint8Array(32).fill(1)

test('fed past the refused header: back to just before it, unlinked', () => {
  assert.deepEqual(rewindFeederCursor({ blockNumber: 60n, blockHash }, 40n), { blockNumber: 39n, blockHash: null })
  assert.deepEqual(rewindFeederCursor({ blockNumber: 40n, blockHash }, 40n), { blockNumber: 39n, blockHash: null })
})

test('not fed that far yet, no cursor, or height 0: stays', () => {
  assert.equal(rewindFeederCursor({ blockNumber: 39n, blockHash }, 40n), undefined)
  assert.equal(rewindFeederCursor(null, 40n), undefined)
  assert.equal(rewindFeederCursor({ blockNumber: 5n, blockHash }, 0n), undefined)
})
