import { getLatestBatch, type StoreDb } from '@relaymesh/store'
import type { BatchRow } from './BatchRow.js'
import { toBatchRow } from './toBatchRow.js'

/**
 * The destination's highest-index batch, whatever its state, or null before the first (`getLatestBatch`).
 *
 * @example
 * const latest = await latestBatch(ctx.db, 31356)
 */
export async function latestBatch(db: StoreDb, destination: number): Promise<BatchRow | null> {
  const batch = await getLatestBatch(db, { destination })
  return batch ? toBatchRow(batch) : null
}
