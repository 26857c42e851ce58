/** Message counts per state of one route (`GET /v1/stats` `byRoute`). */
export type StateCounts = Record<string, number>

/** One poll of `/v1/stats`: when, and the counts per route. */
export type StatsSample = { at: number; byRoute: Record<string, StateCounts> }

/** Throughput and latency of one route over the sampled window. */
export type RouteTraffic = {
  route: string
  executedPerMinute: number | null
  latencyP50Ms: number | null
  latencyMaxMs: number | null
  executedInWindow: number
}

/** Samples older than this are dropped: the dashboard shows the last minutes. */
export const TRAFFIC_WINDOW_MS = 5 * 60_000

/**
 * Keeps the samples of the window ending at `sample.at`, with `sample` last.
 *
 * @example
 * samples = addSample(samples, { at: Date.now(), byRoute: stats.byRoute })
 */
export function addSample(samples: readonly StatsSample[], sample: StatsSample): StatsSample[] {
  return [...samples.filter((s) => s.at > sample.at - TRAFFIC_WINDOW_MS && s.at < sample.at), sample]
}

const median = (values: number[]): number | null => {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? null
}

/**
 * Per route: executions per minute between the first and last sample, and the
 * observed→executed latency of recently executed messages.
 *
 * @example
 * summarizeTraffic(samples, recent) // [{ route: '31337-31356', executedPerMinute: 120, latencyP50Ms: 4100, … }]
 */
export function summarizeTraffic(
  samples: readonly StatsSample[],
  recent: readonly {
    origin: number
    destination: number
    hops: { observed: string | null; executed: string | null }
  }[],
): RouteTraffic[] {
  const first = samples[0]
  const last = samples.at(-1)
  const routes = new Set([...Object.keys(last?.byRoute ?? {}), ...recent.map((m) => `${m.origin}-${m.destination}`)])
  return [...routes].sort().map((route) => {
    const span = first && last && last.at > first.at ? last.at - first.at : 0
    const executed = (s: StatsSample | undefined) => s?.byRoute[route]?.executed ?? 0
    const executedInWindow = span > 0 ? executed(last) - executed(first) : 0
    const latencies = recent
      .filter(
        (m) =>
          `${m.origin}-${m.destination}` === route &&
          m.hops.observed &&
          m.hops.executed &&
          last &&
          Date.parse(m.hops.executed) > last.at - TRAFFIC_WINDOW_MS,
      )
      // reason: both checked non-null above
      .map((m) => Date.parse(m.hops.executed as string) - Date.parse(m.hops.observed as string))
    return {
      route,
      executedInWindow,
      executedPerMinute: span > 0 ? (executedInWindow * 60_000) / span : null,
      latencyP50Ms: median(latencies),
      latencyMaxMs: latencies.length ? Math.max(...latencies) : null,
    }
  })
}
