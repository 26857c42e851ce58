import type { StoreDb } from './createDb.js'
import type { MessageState } from './messageStates.js'

export type MessageCount = { origin: number; destination: number; state: MessageState; n: number }

// Folds the appended deltas into the counters. One caller at a time (a transaction-scoped advisory lock; a second
// caller skips the fold and still reads exact counts below). The DELETE takes only rows committed before it, so a
// delta written meanwhile waits for the next fold.
const FOLD_SQL = `WITH lock AS (SELECT pg_try_advisory_xact_lock(hashtext('relaymesh.message_counts')) AS held),
  moved AS (DELETE FROM message_count_deltas WHERE (SELECT held FROM lock) RETURNING origin, destination, state, n)
  INSERT INTO message_counts (origin, destination, state, n)
    SELECT origin, destination, state, sum(n) FROM moved GROUP BY origin, destination, state
  ON CONFLICT (origin, destination, state) DO UPDATE SET n = message_counts.n + excluded.n`

// Counters plus the deltas not folded yet, read at one instant.
const READ_SQL =
  `SELECT origin::text AS origin, destination::text AS destination, state, sum(n)::bigint::text AS ` +
  `n FROM (
    SELECT origin, destination, state, n FROM message_counts UNION ALL SELECT origin, destination, state, n FROM ` +
  `message_count_deltas) AS c
  GROUP BY origin, destination, state HAVING sum(n) <> 0 ORDER BY origin, destination, state`

/**
 * Messages per route and state, exact, from the counters the `messages` triggers keep (migration 0008): a read of a
 * few rows whatever the history, so it can back a progress line every second and a metrics scrape.
 *
 * @example
 * const counts = await readMessageCounts(db)
 * counts.find((c) => c.destination === 56 && c.state === 'settled')?.n
 */
export async function readMessageCounts(db: StoreDb): Promise<MessageCount[]> {
  await db.$client.query(FOLD_SQL)
  const { rows } = await db.$client.query<{ origin: string; destination: string; state: MessageState; n: string }>(
    READ_SQL,
  )
  return rows.map((r) => ({
    origin: Number(r.origin),
    destination: Number(r.destination),
    state: r.state,
    n: Number(r.n),
  }))
}
