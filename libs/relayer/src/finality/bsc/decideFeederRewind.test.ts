import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decideFeederRewind } from './decideFeederRewind.js'
import type { FeederCursor } from './rewindFeederCursor.js'

const hash = new Uint8Array(32).fill(0xab)
const opts = { headersPerMessage: 64 }

describe('decideFeederRewind', () => {
  const cases: Array<[string, FeederCursor | null, bigint, FeederCursor | undefined]> = [
    [
      'past the refused run: back before its start',
      { blockNumber: 200n, blockHash: hash },
      100n,
      { blockNumber: 36n, blockHash: null },
    ],
    [
      'a refused header in the first run: back to genesis',
      { blockNumber: 200n, blockHash: hash },
      30n,
      { blockNumber: 0n, blockHash: null },
    ],
    ['not fed that far yet: nothing to rewind', { blockNumber: 20n, blockHash: hash }, 100n, undefined],
    ['no cursor: nothing to rewind', null, 100n, undefined],
  ]
  for (const [name, cursor, refusedAt, expected] of cases)
    it(name, () => {
      assert.deepEqual(decideFeederRewind({ cursor, refusedAt }, opts), expected)
    })
})
