import type { StoreDb } from './createDb.js'
import type { MessageTraceRecord } from './MessageTraceRecord.js'

export type ListBatchTraceparentsParameters = { destination: number; batchIndex: bigint }

const SQL = 'SELECT id, traceparent FROM messages WHERE batch_destination = $1 AND batch_index = $2'

/**
 * The stored `traceparent` of every message of a batch.
 *
 * @example
 * const traces = await listBatchTraceparents(db, { destination: 56, batchIndex: 7n })
 */
export async function listBatchTraceparents(
  db: StoreDb,
  parameters: ListBatchTraceparentsParameters,
): Promise<MessageTraceRecord[]> {
  const result = await db.$client.query<{ id: Buffer; traceparent: string | null }>(SQL, [
    parameters.destination,
    parameters.batchIndex.toString(),
  ])
  return result.rows
}
