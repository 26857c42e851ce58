import type { StoreDb } from './createDb.js'

export type ListFailedByTxParameters = { ids: readonly Uint8Array[]; executionTxHash: Uint8Array }

// A replayed block range (the cursor was not saved) must not count an attempt twice.
const SQL = "SELECT id FROM messages WHERE id = ANY($1::bytea[]) AND execution_tx_hash = $2 AND state = 'failed'"

/**
 * Which of `ids` are already `failed` by this execute tx: a failure applied once, which a replay must skip.
 *
 * @example
 * const applied = await listFailedByTx(db, { ids, executionTxHash })
 */
export async function listFailedByTx(db: StoreDb, parameters: ListFailedByTxParameters): Promise<Uint8Array[]> {
  const result = await db.$client.query<{ id: Buffer }>(SQL, [
    parameters.ids.map((id) => Buffer.from(id)),
    Buffer.from(parameters.executionTxHash),
  ])
  return result.rows.map((r) => r.id)
}
