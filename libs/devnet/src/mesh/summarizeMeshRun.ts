import type { Hex } from 'viem'

/** What one route offered and sent: every sent message id (with the send time, ms). */
export type RouteSent = { route: string; destination: number; offered: number; ids: ReadonlyMap<Hex, number> }

/** One measured process: CPU over the run and peak RSS. `identity` groups a relayer's processes. */
export type ProcessCost = { name: string; identity: string | undefined; cpuSeconds: number; peakRssBytes: number }

export type SummarizeMeshRunParameters = {
  routes: RouteSent[]
  /** Per destination: how many times each id was executed, read from the chain. */
  executed: ReadonlyMap<number, ReadonlyMap<Hex, number>>
  /** Per route: observed→executed p50 and p99 in seconds (from the Postgres hops), when any executed. */
  latency: ReadonlyMap<string, { p50: number; p99: number }>
  processes: ProcessCost[]
  /** Seconds the load ran, and seconds from its start until the last message was executed (or the drain gave up). */
  loadSeconds: number
  totalSeconds: number
}

export type RouteSummary = {
  route: string
  offered: number
  sent: number
  executed: number
  lost: number
  executedTwice: number
  p50: number | undefined
  p99: number | undefined
}
export type IdentitySummary = {
  identity: string
  cpuSeconds: number
  cpuMicrosPerMessage: number
  peakRssBytes: number
}
export type ProcessSummary = ProcessCost & { cpuMsPer1000: number }

export type MeshRunSummary = {
  routes: RouteSummary[]
  processes: ProcessSummary[]
  identities: IdentitySummary[]
  executed: number
  lost: number
  executedTwice: number
  /**
   * Executed messages per second from the load's start to the last execution: the offered rate only if the mesh kept
   * up.
   */
  sustained: number
  p99: number | undefined
}

/**
 * The figures of a mesh run, from what was sent and what the destination
 * chains executed: lost (sent, never executed), executed twice, latency,
 * CPU per 1,000 messages per process and per relayer identity, peak RSS.
 * Pure: the benchmark gathers the inputs.
 *
 * @example
 * const summary = summarizeMeshRun({ routes, executed, latency, processes, loadSeconds: 60, totalSeconds: 64 })
 * summary.lost // 0
 */
export function summarizeMeshRun(p: SummarizeMeshRunParameters): MeshRunSummary {
  const routes = p.routes.map((r): RouteSummary => {
    const onChain = p.executed.get(r.destination)
    let executed = 0
    let executedTwice = 0
    for (const id of r.ids.keys()) {
      const n = onChain?.get(id) ?? 0
      if (n > 0) executed++
      if (n > 1) executedTwice++
    }
    const latency = p.latency.get(r.route)
    return {
      route: r.route,
      offered: r.offered,
      sent: r.ids.size,
      executed,
      lost: r.ids.size - executed,
      executedTwice,
      p50: latency?.p50,
      p99: latency?.p99,
    }
  })
  const executed = sum(routes.map((r) => r.executed))
  const per1000 = executed > 0 ? 1_000_000 / executed : 0
  const processes = p.processes.map((c) => ({ ...c, cpuMsPer1000: c.cpuSeconds * per1000 }))
  const identities = new Map<string, IdentitySummary>()
  for (const c of p.processes) {
    if (c.identity === undefined) continue
    const entry = identities.get(c.identity) ?? {
      identity: c.identity,
      cpuSeconds: 0,
      cpuMicrosPerMessage: 0,
      peakRssBytes: 0,
    }
    entry.cpuSeconds += c.cpuSeconds
    entry.peakRssBytes = Math.max(entry.peakRssBytes, c.peakRssBytes)
    entry.cpuMicrosPerMessage = executed > 0 ? (entry.cpuSeconds * 1e6) / executed : 0
    identities.set(c.identity, entry)
  }
  const p99s = routes.map((r) => r.p99).filter((x): x is number => x !== undefined)
  return {
    routes,
    processes,
    identities: [...identities.values()],
    executed,
    lost: sum(routes.map((r) => r.lost)),
    executedTwice: sum(routes.map((r) => r.executedTwice)),
    sustained: p.totalSeconds > 0 ? executed / p.totalSeconds : 0,
    p99: p99s.length ? Math.max(...p99s) : undefined,
  }
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
