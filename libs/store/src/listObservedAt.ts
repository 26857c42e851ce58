import type { StoreDb } from './createDb.js'

const SQL = `SELECT id, (extract(epoch FROM observed_at) * 1000)::float8 AS at FROM messages
WHERE observed_at IS NOT NULL AND created_at >= to_timestamp($1::float8 / 1000)`

/**
 * When this relayer observed each message stored since `since` (ms since the epoch): message id (hex, no prefix) →
 * ms since the epoch. For comparing relayers' observation of the same messages in benchmarks; one scan, not for a hot
 * path.
 *
 * @example
 * const observed = await listObservedAt(db, { since: startedAt })
 * observed.get(idHex) // e.g. 1765100000123
 */
export async function listObservedAt(db: StoreDb, parameters: { since: number }): Promise<Map<string, number>> {
  const result = await db.$client.query<{ id: Buffer; at: number }>(SQL, [parameters.since])
  return new Map(result.rows.map((r) => [r.id.toString('hex'), Number(r.at)]))
}
