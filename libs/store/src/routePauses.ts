import type { StoreDb } from './createDb.js'

/** A route is one origin domain to one destination domain. */
export type RouteKey = { origin: number; destination: number }

/** A route and whether its batching is paused here. */
export type RouteState = RouteKey & { paused: boolean; pausedAt: Date | null }

/**
 * SQL that is true when a `messages` row's route is not paused, for queries
 * over one destination's queue (`$n` is the destination parameter). An
 * InitPlan: the paused origins are read once per statement, not per row.
 */
export const unpausedRouteSql = (destinationParam: string) =>
  `origin <> ALL(ARRAY(SELECT origin FROM route_pauses WHERE destination = ${destinationParam}))`

/**
 * Pauses batching on a route: `listUnbatchedMessages` skips its messages, so
 * the batcher seals no batch with them; they stay `verified`. Idempotent: a
 * paused route keeps its first `pausedAt`.
 *
 * @example
 * await pauseRoute(db, { origin: 31337, destination: 56 })
 */
export async function pauseRoute(db: StoreDb, route: RouteKey): Promise<RouteState> {
  const result = await db.$client.query<{ paused_at: Date }>(
    `INSERT INTO route_pauses (origin, destination) VALUES ($1, $2)
     ON CONFLICT (destination, origin) DO UPDATE SET paused_at = route_pauses.paused_at RETURNING paused_at`,
    [route.origin, route.destination],
  )
  return { ...route, paused: true, pausedAt: result.rows[0]?.paused_at ?? null }
}

/**
 * Resumes batching on a route; its waiting messages join the next batch in
 * verification order. Idempotent.
 *
 * @example
 * await resumeRoute(db, { origin: 31337, destination: 56 })
 */
export async function resumeRoute(db: StoreDb, route: RouteKey): Promise<RouteState> {
  await db.$client.query('DELETE FROM route_pauses WHERE origin = $1 AND destination = $2', [
    route.origin,
    route.destination,
  ])
  return { ...route, paused: false, pausedAt: null }
}

// Distinct routes by a skip scan of `message_keys_route_created_idx` (one index probe per route, not a table scan).
const ROUTES_SQL = `WITH RECURSIVE r AS (
  (SELECT origin, destination FROM message_keys ORDER BY origin, destination LIMIT 1)
  UNION ALL
  SELECT n.origin, n.destination FROM r, LATERAL (
    SELECT origin, destination FROM message_keys WHERE (origin, destination) > (r.origin, r.destination)
    ORDER BY origin, destination LIMIT 1) AS n
)
SELECT origin, destination, max(paused_at) AS paused_at FROM (
  SELECT r.origin, r.destination, p.paused_at FROM r LEFT JOIN route_pauses p USING (origin, destination)
  UNION ALL SELECT origin, destination, paused_at FROM route_pauses
) AS q GROUP BY origin, destination ORDER BY origin, destination`

/**
 * Every route this relayer has a message for or has paused, with its pause state.
 *
 * @example
 * const paused = (await listRoutes(db)).filter((r) => r.paused)
 */
export async function listRoutes(db: StoreDb): Promise<RouteState[]> {
  const result = await db.$client.query<{ origin: string; destination: string; paused_at: Date | null }>(ROUTES_SQL)
  return result.rows.map((r) => ({
    origin: Number(r.origin),
    destination: Number(r.destination),
    paused: r.paused_at !== null,
    pausedAt: r.paused_at,
  }))
}
