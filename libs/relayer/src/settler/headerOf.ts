import type { BatchRow } from '../batch/BatchRow.js'
import type { BatchHeader } from '../batch/batchHeader.js'

/** The header the settlement inbox hashes and checks, from a stored batch row. */
export const headerOf = (destination: number, b: BatchRow): BatchHeader => ({
  destination,
  batchIndex: b.batchIndex,
  root: b.root,
  messageCount: b.messageCount,
  previousBatchHash: b.previousBatchHash,
})
