import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { getHopLatency, type createDb } from '@relaymesh/store'
import type { Hex, PublicClient } from 'viem'
import type { FaultRun } from '../faults/startFaultRun.js'
import { formatMeshSummary } from '../formatMeshSummary.js'
import { ROUTE_DOMAINS } from '../loadSentTo.js'
import type { MeshBenchOptions, MeshBenchResult } from '../MeshBenchOptions.js'
import { BACKLOG_STAGES } from '../MeshSample.js'
import type { DevnetMesh } from '../startDevnetMesh.js'
import { MESH_DESTINATION_NAMES } from './backlogCsv.js'
import { drawBacklogChart, type BacklogPoint } from './drawBacklogChart.js'
import { formatLatencyBreakdown } from './formatLatencyBreakdown.js'
import { measureMeshProcesses } from './measureMeshProcesses.js'
import { readExecutedMessages } from './readExecutedMessages.js'
import { readLatencyBreakdown, type LatencyBreakdown } from './readLatencyBreakdown.js'
import type { MeshRunState } from './sampleMeshRun.js'
import type { LoadGenerator, MeshRoute } from './startLoadGenerator.js'
import { summarizeMeshRun, type MeshRunSummary } from './summarizeMeshRun.js'

const NAMES = MESH_DESTINATION_NAMES

/**
 * After the drain: executions read back from the chains (lost and doubled ones), latency from the first relayer's
 * hops and where it went (hop by hop, the quorum wait, the co-signers' lag), CPU and peak RSS per process, the
 * summary printed and written to the run folder, and in fault mode the invariants checked.
 */
export async function finishMeshRun(
  o: MeshBenchOptions,
  devnet: DevnetMesh,
  store: ReturnType<typeof createDb>,
  load: LoadGenerator,
  run: MeshRunState,
  measuredFrom: number,
  faultRun: FaultRun | undefined,
): Promise<MeshBenchResult> {
  await load.done
  const executed = await readExecutedOnChain(devnet)
  const latency = await readRouteLatency(store)
  const breakdown = await readLatencyBreakdown(store, { ...o, databaseUrl: devnet.databaseUrl })
  const after = measureMeshProcesses(devnet)
  const wallSeconds = (Date.now() - measuredFrom) / 1000
  // A restarted process starts its CPU count anew: its CPU before the kill is not counted.
  const processes = [...after.values()].map((a) => ({
    ...a,
    cpuSeconds: Math.max(0, a.cpuSeconds - (run.before.get(a.name)?.cpuSeconds ?? 0)),
    peakRssBytes: Math.max(a.peakRssBytes, run.peaks.get(a.name) ?? 0),
  }))
  const routes = o.routes.map((route) => ({
    route,
    destination: ROUTE_DOMAINS[route][1],
    offered: Math.round(load.routes[route].offered),
    ids: load.routes[route].ids,
  }))
  const summary = summarizeMeshRun({
    routes,
    executed,
    latency,
    processes,
    loadSeconds: run.loadSeconds,
    totalSeconds: run.totalSeconds,
  })
  await writeRunFiles(o, run, summary, breakdown)
  const report = formatMeshSummary(summary, {
    heldRate: run.heldRate,
    findMax: o.findMax,
    offeredRate: o.rate,
    loadSeconds: run.loadSeconds,
    stalled: run.stalled,
    runDir: o.runDir,
    drainGaveUp: run.drainGaveUp,
    wallSeconds,
  })
  // The `sustained: ...` line stays last: scripts and the fault run read it there.
  const sustained = report.pop() ?? ''
  for (const line of [...report, ...formatLatencyBreakdown(breakdown, o.relayerIds[0] ?? 'first'), '', sustained])
    o.print(line)
  const faults = await faultRun?.check({
    dispatched: dispatchedByDestination(routes),
    executedOnChain: executed,
    samples: run.samples,
    rate: o.rate,
  })
  for (const line of faults?.lines ?? []) o.print(line)
  const { heldRate, stalled } = run
  return { summary, heldRate, stalled, runDir: o.runDir, violations: faults?.violations ?? [] }
}

/** Every `MessageExecuted` on each EVM destination's inbox: id -> how many times. */
async function readExecutedOnChain(devnet: DevnetMesh): Promise<Map<number, Map<Hex, number>>> {
  const { bridges } = devnet.mesh
  const executed = new Map<number, Map<Hex, number>>()
  for (const bridge of [bridges.ethereum, bridges.bsc]) {
    // reason: the anvil client is a PublicClient with a fixed chain
    const client = bridge.chain.publicClient as PublicClient
    executed.set(
      bridge.domain,
      await readExecutedMessages(client, { inbox: bridge.addresses.inbox, toBlock: await client.getBlockNumber() }),
    )
  }
  return executed
}

/** Observed -> executed p50/p99 per route, from the first relayer's hops. */
async function readRouteLatency(store: ReturnType<typeof createDb>) {
  return new Map(
    (await getHopLatency(store.db)).flatMap((l) => {
      const route = (Object.keys(ROUTE_DOMAINS) as MeshRoute[]).find(
        (r) => ROUTE_DOMAINS[r][0] === l.origin && ROUTE_DOMAINS[r][1] === l.destination,
      )
      return route ? [[route, { p50: l.p50, p99: l.p99 }] as const] : []
    }),
  )
}

/** `backlog.svg` (the backlog per stage and destination over time) and `summary.json` in the run folder. */
async function writeRunFiles(
  o: MeshBenchOptions,
  run: MeshRunState,
  summary: MeshRunSummary,
  latency: LatencyBreakdown,
): Promise<void> {
  const points: BacklogPoint[] = run.samples.flatMap((s) =>
    Object.entries(s.destinations).flatMap(([key, d]) =>
      BACKLOG_STAGES.map((stage) => ({
        atSeconds: Math.round(s.atSeconds),
        destination: NAMES[key] ?? key,
        stage,
        messages: d[stage],
      })),
    ),
  )
  const title =
    `bench:mesh ${o.findMax ? `find-max from ${o.rate}` : `${o.rate}`} msgs/s, ${o.routes.length} ` +
    `routes, ${o.relayerIds.length} relayers`
  writeFileSync(join(o.runDir, 'backlog.svg'), await drawBacklogChart(points, { title }))
  const options = { ...o, env: undefined, print: undefined, signal: undefined }
  const json = { options, heldRate: run.heldRate, stalled: run.stalled, summary, latency }
  writeFileSync(join(o.runDir, 'summary.json'), JSON.stringify(json, null, 2))
}

function dispatchedByDestination(
  routes: Array<{ destination: number; ids: ReadonlyMap<Hex, number> }>,
): Map<number, Set<Hex>> {
  const out = new Map<number, Set<Hex>>()
  for (const r of routes) out.set(r.destination, new Set([...(out.get(r.destination) ?? []), ...r.ids.keys()]))
  return out
}
