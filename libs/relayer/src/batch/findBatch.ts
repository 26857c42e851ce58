import { getBatch, type StoreDb } from '@relaymesh/store'
import type { BatchRow } from './BatchRow.js'
import { toBatchRow } from './toBatchRow.js'

/**
 * One batch of this relayer's database, or null (the store's `getBatch`, hashes as hex).
 *
 * @example
 * const local = await findBatch(ctx.db, 31356, 7n)
 */
export async function findBatch(db: StoreDb, destination: number, batchIndex: bigint): Promise<BatchRow | null> {
  const batch = await getBatch(db, { destination, batchIndex })
  return batch ? toBatchRow(batch) : null
}
