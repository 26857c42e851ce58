import { BATCH_HEAD_COLUMNS, queryBatchHeads, type BatchHeadRecord } from './BatchHeadRecord.js'
import type { StoreDb } from './createDb.js'

export type GetReopenedBatchParameters = { destination: number }

const SQL = `SELECT ${BATCH_HEAD_COLUMNS} FROM batches WHERE destination = $1 AND state = 'refused' AND batch_index >
       coalesce((SELECT max(batch_index) FROM batches WHERE destination = $1 AND state <> 'refused'), -1)
     ORDER BY batch_index LIMIT 1`

/**
 * The refused batch whose index the next proposal reuses: the first one above the destination's highest live (not
 * refused) batch, or its lowest batch when none is live; null when there is none (the highest batch is live).
 *
 * @example
 * const reopened = await getReopenedBatch(db, { destination: 56 })
 */
export async function getReopenedBatch(
  db: StoreDb,
  parameters: GetReopenedBatchParameters,
): Promise<BatchHeadRecord | null> {
  const [batch] = await queryBatchHeads(db, SQL, [parameters.destination])
  return batch ?? null
}
