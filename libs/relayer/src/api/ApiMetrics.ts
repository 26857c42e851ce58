import type { ApiStats } from '@relaymesh/sdk'
import { formatFamilyHeader, formatSample } from './prometheusText.js'

/** Upper bounds (seconds) of the request-duration histogram. */
export const API_REQUEST_SECONDS_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const

export type ApiMetrics = {
  /** Counts one answered request under its route template (never the raw path: ids would explode the label set). */
  observeRequest(route: string, status: number, seconds: number): void
  /** The whole `/metrics` body; `stats` null when the stats query failed (then `relaymesh_api_stats_up` is 0). */
  render(parameters: {
    stats: ApiStats | null
    memory: NodeJS.MemoryUsage
    balances?: readonly { chain: string; wei: bigint }[] | undefined
    equivocations?: number | null | undefined
  }): string
}

type Histogram = { buckets: number[]; sum: number; count: number }

function renderMessages(stats: ApiStats | null): string[] {
  const lines = [
    ...formatFamilyHeader(
      'relaymesh_api_stats_up',
      'gauge',
      'Whether the message counts below could be read from Postgres at this scrape.',
    ),
    formatSample('relaymesh_api_stats_up', {}, stats ? 1 : 0),
    ...formatFamilyHeader(
      'relaymesh_messages',
      'gauge',
      "Messages in this relayer's database, per state and destination.",
    ),
  ]
  for (const [destination, counts] of Object.entries(stats?.byDestination ?? {}))
    for (const [state, n] of Object.entries(counts))
      lines.push(formatSample('relaymesh_messages', { destination, state }, n))
  return lines
}

/** Left out when the count could not be read (the scrape still answers). */
function renderEquivocations(n: number | null | undefined): string[] {
  if (n === null || n === undefined) return []
  const name = 'relaymesh_attester_equivocations_proven'
  return [
    ...formatFamilyHeader(
      name,
      'gauge',
      'Solana committee members this relayer holds proof of signing two different commitments for one slot (GET ' +
        '/v1/equivocations).',
    ),
    formatSample(name, {}, n),
  ]
}

function renderBalances(balances: readonly { chain: string; wei: bigint }[]): string[] {
  const name = 'relaymesh_settler_balance_wei'
  if (balances.length === 0) return []
  // A float64 sample, as every Prometheus value: exact below 2^53 wei, 15+ significant digits above.
  return [
    ...formatFamilyHeader(
      name,
      'gauge',
      "The settler wallet's native balance per chain (domain), read at scrape time.",
    ),
    ...balances.map((b) => formatSample(name, { chain: b.chain }, Number(b.wei))),
  ]
}

function renderHistograms(histograms: Map<string, Histogram>): string[] {
  const name = 'relaymesh_api_request_seconds'
  const lines = formatFamilyHeader(name, 'histogram', 'Time to answer an API request, per route.')
  for (const [route, h] of histograms) {
    let cumulative = 0
    API_REQUEST_SECONDS_BUCKETS.forEach((le, i) => {
      cumulative += h.buckets[i] ?? 0
      lines.push(formatSample(`${name}_bucket`, { route, le: String(le) }, cumulative))
    })
    lines.push(formatSample(`${name}_bucket`, { route, le: '+Inf' }, h.count))
    lines.push(formatSample(`${name}_sum`, { route }, h.sum))
    lines.push(formatSample(`${name}_count`, { route }, h.count))
  }
  return lines
}

function renderMemory(memory: NodeJS.MemoryUsage): string[] {
  const gauges: [string, string, number][] = [
    ['process_resident_memory_bytes', 'Resident set size.', memory.rss],
    ['nodejs_heap_size_total_bytes', 'V8 heap allocated.', memory.heapTotal],
    ['nodejs_heap_size_used_bytes', 'V8 heap in use.', memory.heapUsed],
    ['nodejs_external_memory_bytes', 'Memory of C++ objects bound to JS objects (Buffers included).', memory.external],
  ]
  return gauges.flatMap(([name, help, value]) => [
    ...formatFamilyHeader(name, 'gauge', help),
    formatSample(name, {}, value),
  ])
}

/**
 * The API's own metrics: request counts and durations per route and status,
 * plus the message gauges and process memory rendered at scrape time. Kept
 * per server (no module-level registry), so two APIs in one test process do
 * not share counts.
 *
 * @example
 * const metrics = createApiMetrics()
 * metrics.observeRequest('/v1/stats', 200, 0.004)
 * const text = metrics.render({ stats, memory: process.memoryUsage() })
 */
export function createApiMetrics(): ApiMetrics {
  const requests = new Map<string, { route: string; status: string; n: number }>()
  const histograms = new Map<string, Histogram>()
  return {
    observeRequest(route, status, seconds) {
      const key = `${route} ${status}`
      const counter = requests.get(key) ?? { route, status: String(status), n: 0 }
      counter.n++
      requests.set(key, counter)
      const h = histograms.get(route) ?? { buckets: API_REQUEST_SECONDS_BUCKETS.map(() => 0), sum: 0, count: 0 }
      const bucket = API_REQUEST_SECONDS_BUCKETS.findIndex((le) => seconds <= le)
      if (bucket >= 0) h.buckets[bucket] = (h.buckets[bucket] ?? 0) + 1
      h.sum += seconds
      h.count++
      histograms.set(route, h)
    },
    render({ stats, memory, balances = [], equivocations }) {
      const counters = formatFamilyHeader(
        'relaymesh_api_requests_total',
        'counter',
        'API requests answered, per route and HTTP status.',
      )
      for (const c of requests.values())
        counters.push(formatSample('relaymesh_api_requests_total', { route: c.route, status: c.status }, c.n))
      return [
        ...renderMessages(stats),
        ...renderBalances(balances),
        ...renderEquivocations(equivocations),
        ...counters,
        ...renderHistograms(histograms),
        ...renderMemory(memory),
        '',
      ].join('\n')
    },
  }
}
