import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decideSubmit, type SubmitDecision } from './decideSubmit.js'
import { decideSubmitRejection, type SubmitRejectionDecision } from './decideSubmitRejection.js'

describe('decideSubmit', () => {
  it('submits only the batch the inbox expects next', () => {
    const table: [string, bigint, bigint, SubmitDecision][] = [
      ['the inbox expects it', 7n, 7n, 'submit'],
      ['the first batch', 0n, 0n, 'submit'],
      ['the inbox is past it: ours or superseded', 7n, 8n, 'reconcile'],
      ['far past it', 0n, 100n, 'reconcile'],
      ['a lower batch is still missing on chain: never out of order', 8n, 7n, 'wait'],
    ]
    for (const [name, batchIndex, nextBatchIndex, decision] of table)
      assert.equal(decideSubmit({ batchIndex, nextBatchIndex }), decision, name)
  })
})

describe('decideSubmitRejection', () => {
  it('reconciles a taken index, retries what may pass later, refuses the rest', () => {
    const table: [string, string, string | undefined, SubmitRejectionDecision][] = [
      ['index taken (maybe by our lost tx)', 'BatchAlreadySubmitted', 'reject', 'reconcile'],
      ['index taken, even when marked retryable', 'BatchAlreadySubmitted', 'retry', 'reconcile'],
      ['paused', 'Paused', 'retry', 'retry'],
      ['out of order', 'BatchOutOfOrder', 'retry', 'retry'],
      ['no reason given', 'Unknown', 'retry', 'retry'],
      ['a bad root can never pass', 'RootMismatch', 'reject', 'refuse'],
      ['a broken chain link', 'PreviousBatchMismatch', 'reject', 'refuse'],
      ['no action at all', 'InsufficientQuorum', undefined, 'refuse'],
    ]
    for (const [name, errorName, action, decision] of table)
      assert.equal(decideSubmitRejection({ errorName, action }), decision, name)
  })
})
