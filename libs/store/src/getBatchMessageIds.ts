import type { StoreDb } from './createDb.js'
import { splitIds } from './bulk/splitIds.js'

export type GetBatchMessageIdsParameters = { destination: number; batchIndex: bigint }

const SQL = `SELECT string_agg(id, ''::bytea ORDER BY leaf_index) AS ids FROM messages
  WHERE batch_destination = $1 AND batch_index = $2`

/**
 * A batch's message ids in leaf order (the `submitBatch` calldata and the
 * leaves of its Merkle tree).
 *
 * @example
 * const leaves = await getBatchMessageIds(db, { destination, batchIndex })
 */
export async function getBatchMessageIds(db: StoreDb, parameters: GetBatchMessageIdsParameters): Promise<Uint8Array[]> {
  const result = await db.$client.query<{ ids: Buffer | null }>(SQL, [
    parameters.destination,
    parameters.batchIndex.toString(),
  ])
  return splitIds(result.rows[0]?.ids ?? null)
}
