import type { StoreDb } from './createDb.js'
import { unpausedRouteSql } from './routePauses.js'

export type GetOldestUnbatchedAtParameters = { destination: number }

const SQL =
  `SELECT verified_at FROM messages WHERE destination = $1 AND state = 'verified' ` +
  `AND ${unpausedRouteSql('$1')}
     ORDER BY verified_at, id LIMIT 1`

/**
 * When the oldest verified, unbatched message of `destination` was verified (walks `messages_unbatched_idx`), or
 * null when none waits. Paused routes are left out, as in `listUnbatchedMessages`: their waiting messages must not
 * make a batch due.
 *
 * @example
 * const since = await getOldestUnbatchedAt(db, { destination: 56 })
 */
export async function getOldestUnbatchedAt(
  db: StoreDb,
  parameters: GetOldestUnbatchedAtParameters,
): Promise<Date | null> {
  const result = await db.$client.query<{ verified_at: Date | null }>(SQL, [parameters.destination])
  return result.rows[0]?.verified_at ?? null
}
