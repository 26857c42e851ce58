import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Hex } from 'viem'
import { decideCursorRewind } from './decideCursorRewind.js'

const cursor = { number: 100n, hash: '0xAA' as Hex }

describe('decideCursorRewind', () => {
  it('keeps a cursor still canonical (hashes compared case-insensitively)', () => {
    assert.deepEqual(decideCursorRewind({ cursor, canonicalHash: '0xaa' }, { maxReorgDepth: 64 }), {
      rewound: false,
      cursor,
    })
  })
  const cases: Array<[string, Hex | undefined, number, bigint]> = [
    ['another hash at its height: rewinds by maxReorgDepth', '0xbb', 64, 36n],
    ['no block at its height: rewinds too', undefined, 64, 36n],
    ['shallower than maxReorgDepth: before genesis', '0xbb', 100, -1n],
    ['deeper by one than maxReorgDepth', '0xbb', 99, 1n],
  ]
  for (const [name, canonicalHash, maxReorgDepth, number] of cases)
    it(name, () => {
      assert.deepEqual(decideCursorRewind({ cursor, canonicalHash }, { maxReorgDepth }), {
        rewound: true,
        cursor: { number, hash: undefined },
      })
    })
})
