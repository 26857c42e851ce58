import type { StoreDb } from './createDb.js'
import { splitIds } from './bulk/splitIds.js'
import { unpausedRouteSql } from './routePauses.js'

export type ListStaleUnbatchedBlocksParameters = {
  destination: number
  /** Messages verified at least this long ago (ms, by the database's clock) and still unbatched. */
  olderThanMs: number
  /** At most this many messages looked at, oldest first. */
  limit: number
}

/** A source block with messages this relayer verified long ago that no batch holds yet. */
export type StaleUnbatchedBlock = { origin: number; number: bigint; hash: Uint8Array; ids: Uint8Array[] }

// Walks `messages_unbatched_idx` from its oldest entry and stops at `limit`: cheap however long the queue is.
const SQL =
  `SELECT origin, source_block_number AS number, source_block_hash AS hash, string_agg(id, ''::bytea ` +
  `ORDER BY id) AS ids
  FROM (SELECT id, origin, source_block_number, source_block_hash FROM messages
    WHERE destination = $1 AND state = 'verified' AND verified_at < now() - make_interval(secs => $2::float8 / 1000)
      AND ${unpausedRouteSql('$1')}
    ORDER BY verified_at, id LIMIT $3) AS q
  GROUP BY origin, source_block_number, source_block_hash ORDER BY origin, source_block_number`

/**
 * Source blocks of the oldest messages for `destination` that this relayer verified more than `olderThanMs` ago and
 * that are still in no batch (paused routes left out: their messages wait on purpose). A message waits that long when
 * the destination's proposer never proposes it, for instance because the proposer never stored it.
 *
 * @example
 * const stale = await listStaleUnbatchedBlocks(db, { destination: 56, olderThanMs: 120_000, limit: 256 })
 */
export async function listStaleUnbatchedBlocks(
  db: StoreDb,
  p: ListStaleUnbatchedBlocksParameters,
): Promise<StaleUnbatchedBlock[]> {
  const result = await db.$client.query<{ origin: string; number: string; hash: Buffer; ids: Buffer }>(SQL, [
    p.destination,
    p.olderThanMs,
    p.limit,
  ])
  return result.rows.map((row) => ({
    origin: Number(row.origin),
    number: BigInt(row.number),
    hash: row.hash,
    ids: splitIds(row.ids),
  }))
}
