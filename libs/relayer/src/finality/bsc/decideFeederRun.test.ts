import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bytesToHex } from '@relaymesh/protocol'
import { decideFeederRun } from './decideFeederRun.js'
import type { ParliaRun } from './readParliaRun.js'
import type { FeederCursor } from './rewindFeederCursor.js'

const opts = { origin: 56, chainId: 97n, feedFrom: 5n, headersPerMessage: 4 }
const hash = new Uint8Array(32).fill(0xab)
const run = (from: bigint, to: bigint, parentHash?: `0x${string}`): ParliaRun => ({
  origin: 56,
  chainId: 97n,
  from,
  to,
  parentHash,
})

describe('decideFeederRun', () => {
  const cases: Array<[string, FeederCursor | null, bigint, ParliaRun | undefined]> = [
    ['no cursor: from feedFrom, unlinked', null, 100n, run(5n, 8n)],
    ['no cursor, feedFrom beyond the head: nothing', null, 4n, undefined],
    [
      'after the cursor, linked to its hash',
      { blockNumber: 10n, blockHash: hash },
      100n,
      run(11n, 14n, bytesToHex(hash)),
    ],
    ['up to the head only', { blockNumber: 10n, blockHash: hash }, 12n, run(11n, 12n, bytesToHex(hash))],
    ['at the head: nothing', { blockNumber: 12n, blockHash: hash }, 12n, undefined],
    ['a rewound cursor (no hash): unlinked', { blockNumber: 10n, blockHash: null }, 100n, run(11n, 14n)],
  ]
  for (const [name, cursor, head, expected] of cases)
    it(name, () => {
      assert.deepEqual(decideFeederRun({ cursor, head }, opts), expected)
    })
})
