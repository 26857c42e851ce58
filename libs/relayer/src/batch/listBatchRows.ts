import { listBatchesInState, type BatchState, type StoreDb } from '@relaymesh/store'
import type { BatchRow } from './BatchRow.js'
import { toBatchRow } from './toBatchRow.js'

/**
 * Batches of `destination` in `state`, lowest index first (`listBatchesInState`).
 *
 * @example
 * const signed = await listBatchRows(ctx.db, 31356, 'signed')
 */
export async function listBatchRows(
  db: StoreDb,
  destination: number,
  state: BatchState,
  limit = 100,
): Promise<BatchRow[]> {
  return (await listBatchesInState(db, { destination, state, limit })).map(toBatchRow)
}
