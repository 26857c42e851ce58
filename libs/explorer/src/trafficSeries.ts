import type { StatsSample } from './summarizeTraffic.js'

/** One point of a chart: when (ms since the epoch) and the value then. */
export type SeriesPoint = { at: number; value: number }

/** A route's throughput and latency over the sampled window, one point per poll interval. */
export type RouteSeries = {
  route: string
  /** Executions per minute between each two consecutive samples, at the later sample's time. */
  throughput: SeriesPoint[]
  /** Median observed→executed latency (ms) of the messages executed in each interval that had any. */
  latency: SeriesPoint[]
}

type RecentMessage = { origin: number; destination: number; hops: { observed: string | null; executed: string | null } }

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0
}

function latencyPoints(samples: readonly StatsSample[], executions: { at: number; latency: number }[]): SeriesPoint[] {
  const points: SeriesPoint[] = []
  for (let i = 1; i < samples.length; i++) {
    const from = samples[i - 1]!.at // reason: i - 1 >= 0
    const to = samples[i]!.at // reason: i < length
    const inInterval = executions.filter((e) => e.at > from && e.at <= to).map((e) => e.latency)
    if (inInterval.length > 0) points.push({ at: to, value: median(inInterval) })
  }
  return points
}

/**
 * The dashboard's charts: per route, executions per minute in each interval
 * between two polls of `/v1/stats`, and the median latency of the recently
 * executed messages whose execution fell in that interval.
 *
 * @example
 * trafficSeries(samples, recent)
 * // [{ route: '31337-31356', throughput: [{ at, value: 120 }, …], latency: [{ at, value: 4100 }] }]
 */
export function trafficSeries(samples: readonly StatsSample[], recent: readonly RecentMessage[]): RouteSeries[] {
  const routes = new Set(samples.flatMap((s) => Object.keys(s.byRoute)))
  return [...routes].sort().map((route) => {
    const throughput: SeriesPoint[] = []
    for (let i = 1; i < samples.length; i++) {
      const before = samples[i - 1]! // reason: i - 1 >= 0
      const after = samples[i]! // reason: i < length
      const executed = (after.byRoute[route]?.executed ?? 0) - (before.byRoute[route]?.executed ?? 0)
      if (after.at > before.at)
        throughput.push({ at: after.at, value: (Math.max(0, executed) * 60_000) / (after.at - before.at) })
    }
    const executions = recent
      .filter((m) => `${m.origin}-${m.destination}` === route && m.hops.observed && m.hops.executed)
      .map((m) => {
        const at = Date.parse(m.hops.executed as string) // reason: checked non-null above
        return { at, latency: at - Date.parse(m.hops.observed as string) } // reason: checked non-null above
      })
    return { route, throughput, latency: latencyPoints(samples, executions) }
  })
}
