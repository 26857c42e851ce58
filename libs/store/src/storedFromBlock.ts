import type { StoreDb } from './createDb.js'
import { packFixed } from './bulk/packFixed.js'
import { splitIds } from './bulk/splitIds.js'
import { unpackIds } from './bulk/unpackIds.js'

export type StoredFromBlockParameters = { ids: readonly Uint8Array[]; origin: number; blockHash: Uint8Array }

const SQL = `SELECT string_agg(m.id, ''::bytea) AS ids FROM messages AS m JOIN ${unpackIds(1)} AS u ON m.id = u.id
WHERE m.origin = $2 AND m.source_block_hash = $3`

/**
 * Of `ids`, those stored from this very source block (not a replay of a
 * message first stored from another block): what a redelivered bundle
 * already stored, in one statement.
 *
 * @example
 * const mine = await storedFromBlock(db, { ids: stored.known, origin, blockHash })
 */
export async function storedFromBlock(db: StoreDb, p: StoredFromBlockParameters): Promise<Uint8Array[]> {
  if (p.ids.length === 0) return []
  const result = await db.$client.query<{ ids: Buffer | null }>(SQL, [
    packFixed(p.ids, 32, 'id'),
    p.origin,
    Buffer.from(p.blockHash),
  ])
  return splitIds(result.rows[0]?.ids ?? null)
}
