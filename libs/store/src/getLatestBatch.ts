import { BATCH_HEAD_COLUMNS, queryBatchHeads, type BatchHeadRecord } from './BatchHeadRecord.js'
import type { StoreDb } from './createDb.js'

export type GetLatestBatchParameters = { destination: number }

const SQL = `SELECT ${BATCH_HEAD_COLUMNS} FROM batches WHERE destination = $1 ORDER BY batch_index DESC LIMIT 1`

/**
 * The destination's highest-index batch, whatever its state, or null before the first.
 *
 * @example
 * const latest = await getLatestBatch(db, { destination: 56 })
 */
export async function getLatestBatch(
  db: StoreDb,
  parameters: GetLatestBatchParameters,
): Promise<BatchHeadRecord | null> {
  const [batch] = await queryBatchHeads(db, SQL, [parameters.destination])
  return batch ?? null
}
