import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { BatchState } from '@relaymesh/store'
import { decideLocalBatch, type LocalBatchDecision } from './decideLocalBatch.js'

const proposal = '0xbb' as const
const other = '0xaa' as const

describe('decideLocalBatch', () => {
  const table: [string, { state: BatchState; batchHash: `0x${string}` } | null, LocalBatchDecision][] = [
    ['nothing held at the index', null, 'record'],
    ['a refused batch at the index (another hash)', { state: 'refused', batchHash: other }, 'record'],
    ['this very batch, refused here earlier (proposed again)', { state: 'refused', batchHash: proposal }, 'record'],
    ['this very batch, recorded at an earlier delivery', { state: 'proposed', batchHash: proposal }, 'recorded'],
    ['this very batch, already signed', { state: 'signed', batchHash: proposal }, 'recorded'],
    ['this very batch, already settled', { state: 'settled', batchHash: proposal }, 'recorded'],
    ['another batch still proposed (the proposer re-proposed)', { state: 'proposed', batchHash: other }, 'supersede'],
    ['another batch signed', { state: 'signed', batchHash: other }, 'conflict'],
    ['another batch submitted', { state: 'submitted', batchHash: other }, 'conflict'],
    ['another batch settled', { state: 'settled', batchHash: other }, 'conflict'],
  ]
  for (const [name, local, expected] of table)
    it(`${expected}: ${name}`, () => assert.equal(decideLocalBatch(local, proposal), expected))
})
