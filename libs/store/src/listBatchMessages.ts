import type { StoreDb } from './createDb.js'
import type { StoredMessageRow } from './StoredMessageRow.js'

export type ListBatchMessagesParameters = { destination: number; batchIndex: bigint }

const SQL = `SELECT id, nonce, origin, sender, recipient, gas_limit, payload, leaf_index FROM messages
  WHERE batch_destination = $1 AND batch_index = $2 ORDER BY leaf_index`

/**
 * The stored fields of every message of a batch this relayer holds, in leaf order (a gap means it lacks some).
 *
 * @example
 * const rows = await listBatchMessages(db, { destination: 56, batchIndex: 7n })
 */
export async function listBatchMessages(
  db: StoreDb,
  parameters: ListBatchMessagesParameters,
): Promise<(StoredMessageRow & { leaf_index: number })[]> {
  const result = await db.$client.query<StoredMessageRow & { leaf_index: number }>(SQL, [
    parameters.destination,
    parameters.batchIndex.toString(),
  ])
  return result.rows
}
