import { bytesToHex } from '@relaymesh/protocol'
import type { BatchHeadRecord } from '@relaymesh/store'
import type { BatchRow } from './BatchRow.js'

/**
 * A stored batch as the relayer handles it: its hashes as hex.
 *
 * @example
 * const row = toBatchRow(await getLatestBatch(db, { destination }))
 */
export function toBatchRow(r: BatchHeadRecord): BatchRow {
  return {
    batchIndex: r.batchIndex,
    batchHash: bytesToHex(r.batchHash),
    root: bytesToHex(r.root),
    messageCount: r.messageCount,
    previousBatchHash: bytesToHex(r.previousBatchHash),
    state: r.state,
    traceparent: r.traceparent,
    createdAt: r.createdAt,
  }
}
