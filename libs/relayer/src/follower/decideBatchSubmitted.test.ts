import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { BatchState } from '@relaymesh/store'
import type { Hex } from 'viem'
import { decideBatchSubmitted, type BatchSubmittedDecision, type BatchSubmittedState } from './decideBatchSubmitted.js'

const ours = `0x${'aa'.repeat(32)}` as Hex
const theirs = `0x${'bb'.repeat(32)}` as Hex
const local = (state: BatchState, batchHash: Hex = ours) => ({ batchHash, state })

describe('decideBatchSubmitted', () => {
  it('walks a held batch to settled, adopts one it does not hold, once', () => {
    const table: [string, BatchSubmittedState, BatchSubmittedDecision][] = [
      ['proposed here', { local: local('proposed'), batchHash: ours, adopted: false }, settle('signed', 'submitted')],
      ['signed here', { local: local('signed'), batchHash: ours, adopted: false }, settle('submitted')],
      ['submitted by our settler', { local: local('submitted'), batchHash: ours, adopted: false }, settle()],
      ['already settled: a replayed range', { local: local('settled'), batchHash: ours, adopted: false }, skip],
      ['not held at all', { local: null, batchHash: ours, adopted: false }, adopt],
      ['another batch at the index', { local: local('signed', theirs), batchHash: ours, adopted: false }, adopt],
      ['refused here', { local: local('refused'), batchHash: ours, adopted: false }, adopt],
      [
        'after adoption: adopted as proposed',
        { local: local('proposed'), batchHash: ours, adopted: true },
        settle('signed', 'submitted'),
      ],
      ['after adoption: still not held (waiting, never)', { local: null, batchHash: ours, adopted: true }, skip],
      ['after adoption: still refused', { local: local('refused'), batchHash: ours, adopted: true }, skip],
    ]
    for (const [name, state, decision] of table) assert.deepEqual(decideBatchSubmitted(state), decision, name)
  })
})

function settle(...moves: ('signed' | 'submitted')[]): BatchSubmittedDecision {
  return { kind: 'settle', moves }
}
const skip: BatchSubmittedDecision = { kind: 'skip' }
const adopt: BatchSubmittedDecision = { kind: 'adopt' }
