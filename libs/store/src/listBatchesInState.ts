import { BATCH_HEAD_COLUMNS, queryBatchHeads, type BatchHeadRecord } from './BatchHeadRecord.js'
import type { BatchState } from './batchStates.js'
import type { StoreDb } from './createDb.js'

export type ListBatchesInStateParameters = { destination: number; state: BatchState; limit?: number | undefined }

const SQL =
  `SELECT ${BATCH_HEAD_COLUMNS} FROM batches ` + 'WHERE destination = $1 AND state = $2 ORDER BY batch_index LIMIT $3'

/**
 * Batches of `destination` in `state`, lowest index first (at most `limit`, 100 by default): the work queue of a
 * pipeline stage, where `listBatches` is the API's paged listing.
 *
 * @example
 * const signed = await listBatchesInState(db, { destination: 56, state: 'signed', limit: 1 })
 */
export async function listBatchesInState(
  db: StoreDb,
  parameters: ListBatchesInStateParameters,
): Promise<BatchHeadRecord[]> {
  return queryBatchHeads(db, SQL, [parameters.destination, parameters.state, parameters.limit ?? 100])
}
