import type { BatchRow } from '../batch/BatchRow.js'

/**
 * How many messages the next proposal may hold. After a batch found no quorum it is proposed again with the
 * older half of its messages (the queue is oldest verification first): a co-signer whose verifier lags the
 * proposer's has those first, so under a load that keeps every co-signer tens of seconds behind, the
 * destination still settles something every round instead of proposing the same too-new batch for ever.
 * A batch that gets its quorum brings the full size back.
 */
export function nextBatchLimit(latest: Pick<BatchRow, 'state' | 'messageCount'> | null, maxMessages: number): number {
  if (latest?.state !== 'refused') return maxMessages
  return Math.max(1, Math.min(maxMessages, Math.floor(latest.messageCount / 2)))
}
