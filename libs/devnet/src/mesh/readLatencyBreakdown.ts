import { createDb, getHopLatency, getQuorumWait, listObservedAt, type Hop, type QuorumWait } from '@relaymesh/store'
import { ROUTE_DOMAINS } from '../loadSentTo.js'
import type { MeshRoute } from './startLoadGenerator.js'
import { observationLag, type ObservationLag } from './observationLag.js'

/** The hops a message's latency is split into, in order. */
export const LATENCY_HOPS = [
  ['observed_at', 'verified_at'],
  ['verified_at', 'batched_at'],
  ['batched_at', 'settled_at'],
  ['settled_at', 'executed_at'],
] as const satisfies ReadonlyArray<readonly [Hop, Hop]>

/** Where a run's latency went: per route and hop, the quorum wait per destination, the co-signers' lag. */
export type LatencyBreakdown = {
  /** Per route, p50/p99 seconds of each of `LATENCY_HOPS` (undefined where no message has both hops). */
  hops: Array<{ route: MeshRoute; hops: Array<{ p50: number; p99: number } | undefined> }>
  quorumWait: QuorumWait[]
  /** Per relayer after the first: how far behind the first it observed the same messages. */
  lag: Array<{ relayerId: string; lag: ObservationLag | undefined }>
}

/**
 * Reads, after a run, where its observed→executed latency went: the first relayer's hops per route, its quorum
 * waits, and each other relayer's observation lag behind it (read from that relayer's own database).
 */
export async function readLatencyBreakdown(
  first: ReturnType<typeof createDb>,
  p: { routes: readonly MeshRoute[]; relayerIds: readonly string[]; databaseUrl: (relayerId: string) => string },
): Promise<LatencyBreakdown> {
  const perHop = await Promise.all(LATENCY_HOPS.map(([from, to]) => getHopLatency(first.db, { from, to })))
  const hops = p.routes.map((route) => {
    const [origin, destination] = ROUTE_DOMAINS[route]
    return {
      route,
      hops: perHop.map((rows) => rows.find((r) => r.origin === origin && r.destination === destination)),
    }
  })
  const destinations = [...new Set(p.routes.map((r) => BigInt(ROUTE_DOMAINS[r][1])))]
  const quorumWait = await getQuorumWait(first.db, { destinations })
  const firstObserved = await listObservedAt(first.db, { since: 0 })
  const lag = []
  for (const relayerId of p.relayerIds.slice(1)) {
    const other = createDb({ connectionString: p.databaseUrl(relayerId), max: 1 })
    try {
      lag.push({ relayerId, lag: observationLag(firstObserved, await listObservedAt(other.db, { since: 0 })) })
    } finally {
      await other.close()
    }
  }
  return { hops, quorumWait, lag }
}
