import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createMerkleTree } from '@relaymesh/protocol'
import { createMerkleTreeCache } from './buildExecutionProof.js'

describe('createMerkleTreeCache', () => {
  it('keeps the most recently used batch trees', () => {
    const cache = createMerkleTreeCache(2)
    const tree = createMerkleTree([new Uint8Array(32).fill(1)])
    cache.set('a', tree)
    cache.set('b', tree)
    cache.get('a')
    cache.set('c', tree)
    assert.deepEqual(
      ['a', 'b', 'c'].map((k) => cache.get(k) !== undefined),
      [true, false, true],
    )
  })
})
