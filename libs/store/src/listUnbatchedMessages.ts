import type { StoreDb } from './createDb.js'
import { splitIds } from './bulk/splitIds.js'
import { unpausedRouteSql } from './routePauses.js'

export type ListUnbatchedMessagesParameters = {
  destination: number
  /** At most this many ids (the batch size). */
  limit: number
  /** Only messages verified at least this long ago (ms, by the database's clock); default 0. */
  holdbackMs?: number | undefined
}

// Walks the partial index `messages_unbatched_idx` in order; one Buffer back instead of `limit` rows.
const SQL = `SELECT string_agg(id, ''::bytea ORDER BY verified_at, id) AS ids FROM (
  SELECT id, verified_at FROM messages WHERE destination = $1 AND state = 'verified' AND ${unpausedRouteSql('$1')}
    AND ($3 = 0 OR verified_at <= now() - $3 * interval '1 millisecond')
  ORDER BY verified_at, id LIMIT $2) AS q`

/**
 * Ids of verified, not yet batched messages for a destination, oldest
 * verification first (ties by id): the proposer's next batch, in leaf order.
 * Messages of a paused route (`pauseRoute`) are left out: they wait, verified; so are those verified less than
 * `holdbackMs` ago (the proposer's holdback while co-signers lag, `decideHoldback`).
 *
 * @example
 * const ids = await listUnbatchedMessages(db, { destination: 56, limit: 4096 })
 */
export async function listUnbatchedMessages(
  db: StoreDb,
  parameters: ListUnbatchedMessagesParameters,
): Promise<Uint8Array[]> {
  const result = await db.$client.query<{ ids: Buffer | null }>(SQL, [
    parameters.destination,
    parameters.limit,
    Math.max(0, Math.floor(parameters.holdbackMs ?? 0)),
  ])
  return splitIds(result.rows[0]?.ids ?? null)
}
