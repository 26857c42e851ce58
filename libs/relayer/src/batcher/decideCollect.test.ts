import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decideCollect, type CollectState } from './decideCollect.js'

const hash = '0xbb' as const
const other = '0xaa' as const
const mine = { proposing: true, fromSelf: false, batchHash: hash }

describe('decideCollect', () => {
  const table: [string, CollectState, 'read' | 'check' | 'skip'][] = [
    ['not the proposer of the destination', { ...mine, proposing: false }, 'skip'],
    ['its own signature', { ...mine, fromSelf: true }, 'skip'],
    [
      'its own signature, batch read',
      { ...mine, fromSelf: true, batch: { batchHash: hash, state: 'proposed' } },
      'skip',
    ],
    ['a co-signature, batch not read yet', mine, 'read'],
    ['no batch at the index', { ...mine, batch: null }, 'skip'],
    [
      'a batch this relayer replaced (another hash)',
      { ...mine, batch: { batchHash: other, state: 'proposed' } },
      'skip',
    ],
    ['the proposed batch', { ...mine, batch: { batchHash: hash, state: 'proposed' } }, 'check'],
    [
      'the batch, already signed (a late co-signature)',
      { ...mine, batch: { batchHash: hash, state: 'signed' } },
      'check',
    ],
    ['the batch, refused at its quorum timeout', { ...mine, batch: { batchHash: hash, state: 'refused' } }, 'skip'],
    ['the batch, submitted', { ...mine, batch: { batchHash: hash, state: 'submitted' } }, 'skip'],
    ['the batch, settled', { ...mine, batch: { batchHash: hash, state: 'settled' } }, 'skip'],
  ]
  for (const [name, state, expected] of table)
    it(`${name}: ${expected}`, () => assert.equal(decideCollect(state), expected))
})
