import type { ApiStats, StateCounts } from '@relaymesh/sdk'

/**
 * Messages of one destination at each stage, as one relayer's database sees them; `source` = sent but not yet stored.
 */
export type DestinationStages = {
  sent: number
  source: number
  observed: number
  verified: number
  batched: number
  settled: number
  failed: number
  executed: number
  rejected: number
}

/** One second of a running mesh: the load and each destination's stages. */
export type MeshSample = {
  atSeconds: number
  rate: number
  offered: number
  sent: number
  executed: number
  destinations: Record<string, DestinationStages>
}

/** The stages a message waits in before it is executed (the backlog), in pipeline order. */
export const BACKLOG_STAGES = ['source', 'observed', 'verified', 'batched', 'settled', 'failed'] as const

/**
 * A sample from what the load generator sent per destination and a
 * relayer's `/v1/stats` (`getApiStats`).
 *
 * @example
 * const sample = toMeshSample({ atSeconds: 3, rate: 100, offered: 300, sentTo: { '31337': 290 } }, stats)
 */
export function toMeshSample(
  load: { atSeconds: number; rate: number; offered: number; sentTo: Record<string, number> },
  stats: ApiStats,
): MeshSample {
  const destinations: Record<string, DestinationStages> = {}
  const keys = new Set([...Object.keys(load.sentTo), ...Object.keys(stats.byDestination)])
  for (const key of [...keys].sort()) {
    const counts: Partial<StateCounts> = stats.byDestination[key] ?? {}
    const stored = Object.values(counts).reduce((a, b) => a + b, 0)
    const sent = load.sentTo[key] ?? 0
    destinations[key] = {
      sent,
      source: Math.max(0, sent - stored),
      observed: counts.observed ?? 0,
      verified: counts.verified ?? 0,
      batched: counts.batched ?? 0,
      settled: counts.settled ?? 0,
      failed: counts.failed ?? 0,
      executed: counts.executed ?? 0,
      rejected: counts.rejected ?? 0,
    }
  }
  const all = Object.values(destinations)
  return {
    atSeconds: load.atSeconds,
    rate: load.rate,
    offered: load.offered,
    sent: all.reduce((a, d) => a + d.sent, 0),
    executed: all.reduce((a, d) => a + d.executed, 0),
    destinations,
  }
}

/** Messages of `d` sent or stored and not yet executed (rejected ones are final, not backlog). */
export function backlogOf(d: DestinationStages): number {
  return BACKLOG_STAGES.reduce((a, stage) => a + d[stage], 0)
}
