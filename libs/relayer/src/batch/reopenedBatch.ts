import { getReopenedBatch, type StoreDb } from '@relaymesh/store'
import type { BatchRow } from './BatchRow.js'
import { toBatchRow } from './toBatchRow.js'

/**
 * The refused batch whose index the next proposal reuses, or null (`getReopenedBatch`).
 *
 * @example
 * const slot = (await reopenedBatch(ctx.db, 31356)) ?? latest
 */
export async function reopenedBatch(db: StoreDb, destination: number): Promise<BatchRow | null> {
  const batch = await getReopenedBatch(db, { destination })
  return batch ? toBatchRow(batch) : null
}
