import type { StoreDb } from './createDb.js'
import { packFixed } from './bulk/packFixed.js'
import { unpackIds } from './bulk/unpackIds.js'

// Only the unknown ids come back; a relayer that has them all reads zero rows.
const SQL = `SELECT u.id FROM ${unpackIds(1)} AS u WHERE NOT EXISTS (SELECT 1 FROM messages AS m WHERE m.id = u.id)`

/**
 * Of `ids`, the ones this relayer has never stored (in any state: a message it rejected is known). One statement for
 * the whole list.
 *
 * @example
 * const unknown = await findUnknownMessageIds(db, hint.ids)
 */
export async function findUnknownMessageIds(db: StoreDb, ids: readonly Uint8Array[]): Promise<Uint8Array[]> {
  if (ids.length === 0) return []
  const result = await db.$client.query<{ id: Buffer }>(SQL, [packFixed(ids, 32, 'id')])
  return result.rows.map((row) => row.id)
}
