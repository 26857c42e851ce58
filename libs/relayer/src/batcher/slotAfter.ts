import type { Hex } from 'viem'
import type { BatchRow } from '../batch/BatchRow.js'

export type BatchSlot = { batchIndex: bigint; previousBatchHash: Hex }

/**
 * The index and previous hash the next batch takes after `latest` (PROTOCOL.md: batches per inbox are a hash
 * chain): the refused batch's own slot (its index is reused), the slot after a live batch, or `read-inbox` when this
 * database holds no batch yet and the chain the inbox holds must be continued.
 *
 * @example
 * slotAfter(null) // 'read-inbox'
 */
export function slotAfter(
  latest: Pick<BatchRow, 'state' | 'batchIndex' | 'batchHash' | 'previousBatchHash'> | null,
): BatchSlot | 'read-inbox' {
  if (latest?.state === 'refused') return { batchIndex: latest.batchIndex, previousBatchHash: latest.previousBatchHash }
  if (latest) return { batchIndex: latest.batchIndex + 1n, previousBatchHash: latest.batchHash }
  return 'read-inbox'
}
