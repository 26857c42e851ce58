import type { BatchRow } from '../batcher/batchQueries.js'
import type { BatchHeader } from '../batcher/batchHeader.js'

/** The header the settlement inbox hashes and checks, from a stored batch row. */
export const headerOf = (destination: number, b: BatchRow): BatchHeader => ({
  destination,
  batchIndex: b.batchIndex,
  root: b.root,
  messageCount: b.messageCount,
  previousBatchHash: b.previousBatchHash,
})
