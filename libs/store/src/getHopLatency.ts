import { sql } from 'drizzle-orm'
import type { StoreDb } from './createDb.js'

/** Latency between two hops of one route, in seconds. */
export type HopLatency = { origin: number; destination: number; count: number; p50: number; p99: number }

const HOPS = ['observed_at', 'verified_at', 'batched_at', 'settled_at', 'executed_at'] as const
export type Hop = (typeof HOPS)[number]

/**
 * p50 and p99 of `to - from` (default observed → executed) per route, over
 * every message that has both hops: one aggregate scan, for benchmarks and
 * reports, not for a hot path.
 *
 * @example
 * const [route] = await getHopLatency(db)
 * route?.p99 // e.g. 4.2 (seconds)
 */
export async function getHopLatency(db: StoreDb, parameters: { from?: Hop; to?: Hop } = {}): Promise<HopLatency[]> {
  const from = parameters.from ?? 'observed_at'
  const to = parameters.to ?? 'executed_at'
  // Identifiers come from the HOPS allow-list above, never from input.
  if (!HOPS.includes(from) || !HOPS.includes(to)) throw new TypeError(`unknown hop ${from} or ${to}`)
  const result = await db.execute<{ origin: string; destination: string; count: string; p50: number; p99: number }>(
    sql.raw(
      `
    SELECT origin, destination, count(*) AS count,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ${to} - ${from})) AS p50,
      percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM ${to} - ${from})) AS p99
    FROM messages WHERE ${from} IS NOT NULL AND ${to} IS NOT NULL GROUP BY origin, destination ORDER BY origin, ` +
        `destination`,
    ),
  )
  return result.rows.map((r) => ({
    origin: Number(r.origin),
    destination: Number(r.destination),
    count: Number(r.count),
    p50: Number(r.p50),
    p99: Number(r.p99),
  }))
}
