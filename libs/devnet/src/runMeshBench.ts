import { mkdirSync, writeFileSync, appendFileSync } from 'node:fs'
import { setPriority } from 'node:os'
import { join } from 'node:path'
import { createDb, getHopLatency } from '@relaymesh/store'
import type { Hex, PublicClient } from 'viem'
import { getApiStats } from '@relaymesh/relayer'
import { drawBacklogChart, type BacklogPoint } from './mesh/drawBacklogChart.js'
import { isBacklogGrowing } from './mesh/isBacklogGrowing.js'
import { readExecutedMessages } from './mesh/readExecutedMessages.js'
import { findProcessesByName, readProcessUsage } from './mesh/readProcessUsage.js'
import { startLoadGenerator, type LoadGenerator, type MeshRoute } from './mesh/startLoadGenerator.js'
import { summarizeMeshRun, type MeshRunSummary, type ProcessCost } from './mesh/summarizeMeshRun.js'
import { findStalledDestinations } from './findStalledDestinations.js'
import { formatProgressLine } from './formatProgressLine.js'
import { loadSentTo, ROUTE_DOMAINS } from './loadSentTo.js'
import { BACKLOG_STAGES, toMeshSample, type MeshSample } from './MeshSample.js'
import { startDevnetMesh, type DevnetMesh } from './startDevnetMesh.js'
import { formatMeshSummary } from './formatMeshSummary.js'
import type { FaultKind } from './faults/planFaults.js'
import { startFaultRun, type FaultRun } from './faults/startFaultRun.js'

export type MeshBenchOptions = {
  relayerIds: string[]
  threshold: number
  /** Offered msgs/s over all `routes` (split evenly); with `findMax`, the first step. */
  /** 0 measures the idle mesh: no traffic for the duration, CPU per process as a share of a core. */
  rate: number
  durationSeconds: number
  routes: MeshRoute[]
  /** Raise the rate by `stepFactor` every `stepSeconds` until the backlog grows for 30 s; report the highest rate that held. */
  findMax: boolean
  stepSeconds: number
  stepFactor: number
  /** Give up draining when nothing was executed for this long. */
  drainStallSeconds: number
  runDir: string
  bin: string
  env: Record<string, string | undefined>
  print: (line: string) => void
  signal: AbortSignal
  /** Database name prefix (one database per relayer) and NATS stream prefix; default `relaymesh_bench` and `BENCH`. */
  databasePrefix?: string | undefined
  streamPrefix?: string | undefined
  /** Fault mode: the run's own NATS and Postgres, a seeded fault schedule during the load, the invariants checked after the drain. */
  faults?: { seed: number; kinds: readonly FaultKind[] } | undefined
  /** Profile every relayer process with `node --cpu-prof` into `<cpuProfDir>/<relayer>/<service>/` (written when the run stops them). */
  cpuProfDir?: string | undefined
}

export type MeshBenchResult = {
  summary: MeshRunSummary
  heldRate: number | undefined
  stalled: string[]
  runDir: string
  /** Fault mode: every invariant that did not hold (empty when all did). */ violations: string[]
}

const NAMES: Record<string, string> = { '31337': 'ethereum-local', '31356': 'bsc-local' }

/**
 * `bench:mesh`: the whole mesh as the devnet runs it, a fixed offered rate
 * per route for a duration (or rising steps with `findMax`), then a drain;
 * lost and double executions checked on chain, latency from the Postgres
 * hops, CPU and peak RSS of every process from /proc, the backlog per stage
 * sampled every second into `backlog.csv` and drawn into `backlog.svg`.
 */
export async function runMeshBench(o: MeshBenchOptions): Promise<MeshBenchResult> {
  mkdirSync(o.runDir, { recursive: true })
  const failed = new AbortController()
  const faultRun = o.faults
    ? await startFaultRun({
        ...o.faults,
        relayerIds: o.relayerIds,
        durationSeconds: o.durationSeconds,
        print: o.print,
        bus: { subjectRoot: (o.streamPrefix ?? 'BENCH').toLowerCase(), streamPrefix: o.streamPrefix ?? 'BENCH' },
      })
    : undefined
  try {
    return await runMesh(o, failed, faultRun)
  } finally {
    await faultRun?.stop()
  }
}

async function runMesh(
  o: MeshBenchOptions,
  failed: AbortController,
  faultRun: FaultRun | undefined,
): Promise<MeshBenchResult> {
  const devnet = await startDevnetMesh({
    relayerIds: o.relayerIds,
    threshold: o.threshold,
    workDir: o.runDir,
    bin: o.bin,
    print: o.print,
    env: {
      ...o.env,
      RELAYMESH_SUBJECT_ROOT: (o.streamPrefix ?? 'BENCH').toLowerCase(),
      RELAYMESH_LOG_LEVEL: o.env['RELAYMESH_LOG_LEVEL'] ?? 'info',
      OTEL_TRACES_EXPORTER: o.env['OTEL_TRACES_EXPORTER'] ?? 'none',
    },
    databasePrefix: o.databasePrefix ?? 'relaymesh_bench',
    streamPrefix: o.streamPrefix ?? 'BENCH',
    blockTime: 0.5,
    gasLimit: 1_000_000_000n,
    batch: { maxMessages: 4000, maxAgeMs: 1000, executeChunk: 2000 },
    servers: faultRun?.servers,
    wrapRpcUrl: faultRun?.wrapRpcUrl,
    cpuProfDir: o.cpuProfDir,
    onProcessExit:
      faultRun?.onProcessExit ??
      ((proc, code) => {
        o.print(`relayer ${proc.relayer} ${proc.service} exited (${code}); see ${proc.logFile}`)
        failed.abort()
      }),
  })
  // A fault may restart Postgres under this pool: an idle connection's error is expected then, not a crash of the run.
  const store = createDb({
    // reason: at least one relayer
    connectionString: devnet.databaseUrl(o.relayerIds[0] as string),
    max: 1,
    onIdleError: () => {},
  })
  prioritiseChains(devnet, o.print)
  try {
    await waitForApi(store, o.signal)
    const before = measureProcesses(devnet)
    const measuredFrom = Date.now()
    const stop = AbortSignal.any([o.signal, failed.signal])
    const load = startLoadGenerator({
      bridges: devnet.mesh.bridges,
      solana: devnet.solana,
      routes: o.routes,
      rate: o.rate / o.routes.length,
      signal: stop,
    })
    o.print(
      `load: ${o.rate} msgs/s over ${o.routes.join(', ')}${o.findMax ? ` rising x${o.stepFactor} every ${o.stepSeconds} s until the backlog grows for 30 s` : ` for ${o.durationSeconds} s`}; run folder ${o.runDir}`,
    )
    const started = Date.now()
    const onFlowing = (atSeconds: number) =>
      faultRun?.play(devnet, () => (Date.now() - started) / 1000, atSeconds, stop)
    const run = await sampleRun(o, devnet, store, load, before, stop, started, onFlowing)
    return await finish(o, devnet, store, load, run, measuredFrom, faultRun)
  } finally {
    await store.close()
    await devnet.stop()
  }
}

type RunState = {
  drainGaveUp: boolean
  samples: MeshSample[]
  peaks: Map<string, number>
  before: Map<string, ProcessCost>
  loadSeconds: number
  totalSeconds: number
  heldRate: number | undefined
  stalled: string[]
}

async function sampleRun(
  o: MeshBenchOptions,
  devnet: DevnetMesh,
  store: ReturnType<typeof createDb>,
  load: LoadGenerator,
  before: Map<string, ProcessCost>,
  stop: AbortSignal,
  started: number,
  onFlowing: (atSeconds: number) => void,
): Promise<RunState> {
  const state: RunState = {
    drainGaveUp: false,
    samples: [],
    peaks: new Map(),
    before,
    loadSeconds: 0,
    totalSeconds: 0,
    heldRate: undefined,
    stalled: [],
  }
  const csv = join(o.runDir, 'backlog.csv')
  writeFileSync(csv, `${csvHeader()}\n`)
  let rate = o.rate
  let stepStarted = 0
  let loading = true
  let lastProgress = { at: 0, executed: -1 }
  // A fault run's load lasts `durationSeconds` from the moment the mesh flows, so a machine slow to start the mesh
  // still plays every fault under load (a start of 60 s on two busy cores once put the whole schedule after the load).
  let loadFrom = o.faults ? undefined : 0
  while (!stop.aborted) {
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const atSeconds = (Date.now() - started) / 1000
    // A fault can take the first relayer's database away for a while: that second has no sample.
    const stats = await getApiStats(store.db).catch(
      (error: unknown) =>
        // reason: pg throws Error
        void o.print(`${atSeconds.toFixed(0)} s: stats unavailable (${(error as Error).message.split('\n')[0]})`),
    )
    if (!stats) continue
    const sample = toMeshSample(
      { atSeconds, rate: loading ? rate : 0, offered: load.offered(), sentTo: loadSentTo(load) },
      stats,
    )
    o.print(formatProgressLine(sample, state.samples.at(-1), NAMES))
    state.samples.push(sample)
    appendFileSync(csv, `${csvRow(sample)}\n`)
    trackPeaks(devnet, state.peaks)
    if (sample.executed > 0 && lastProgress.executed <= 0) {
      loadFrom ??= atSeconds
      onFlowing(atSeconds)
    }
    if (sample.executed !== lastProgress.executed) lastProgress = { at: atSeconds, executed: sample.executed }
    state.stalled = findStalledDestinations(state.samples, 30)
    if (loading && o.findMax) {
      const growing = isBacklogGrowing(
        state.samples.filter((s) => s.atSeconds >= stepStarted),
        { windowSeconds: 30, toleranceRate: rate * 0.02 },
      )
      if (growing || state.stalled.length) {
        o.print(
          `find-max: ${rate} msgs/s did not hold (backlog grew for 30 s); highest that held: ${state.heldRate ?? 'none'}`,
        )
        loading = false
      } else if (atSeconds - stepStarted >= o.stepSeconds) {
        state.heldRate = rate
        rate = Math.round(rate * o.stepFactor)
        stepStarted = atSeconds
        load.setRate(rate / o.routes.length)
        o.print(`find-max: ${state.heldRate} msgs/s held; trying ${rate}`)
      }
    } else if (loading && loadFrom !== undefined && atSeconds >= loadFrom + o.durationSeconds) loading = false
    if (!loading && state.loadSeconds === 0) {
      load.stop()
      state.loadSeconds = atSeconds
      o.print(`load stopped after ${atSeconds.toFixed(0)} s; draining`)
    }
    if (!loading && sample.executed >= sample.sent && load.pending() === 0) break
    if (!loading && atSeconds - lastProgress.at > o.drainStallSeconds) {
      o.print(`drain gave up: nothing executed for ${o.drainStallSeconds} s`)
      state.drainGaveUp = true
      break
    }
  }
  state.totalSeconds = lastProgress.at
  return state
}

async function finish(
  o: MeshBenchOptions,
  devnet: DevnetMesh,
  store: ReturnType<typeof createDb>,
  load: LoadGenerator,
  run: RunState,
  measuredFrom: number,
  faultRun: FaultRun | undefined,
): Promise<MeshBenchResult> {
  await load.done
  const { bridges } = devnet.mesh
  const executed = new Map<number, Map<Hex, number>>()
  for (const bridge of [bridges.ethereum, bridges.bsc]) {
    const client = bridge.chain.publicClient as PublicClient // reason: the anvil client is a PublicClient with a fixed chain
    executed.set(
      bridge.domain,
      await readExecutedMessages(client, { inbox: bridge.addresses.inbox, toBlock: await client.getBlockNumber() }),
    )
  }
  const latency = new Map(
    (await getHopLatency(store.db)).flatMap((l) => {
      const route = (Object.keys(ROUTE_DOMAINS) as MeshRoute[]).find(
        (r) => ROUTE_DOMAINS[r][0] === l.origin && ROUTE_DOMAINS[r][1] === l.destination,
      )
      return route ? [[route, { p50: l.p50, p99: l.p99 }] as const] : []
    }),
  )
  const after = measureProcesses(devnet)
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
  const title = `bench:mesh ${o.findMax ? `find-max from ${o.rate}` : `${o.rate}`} msgs/s, ${o.routes.length} routes, ${o.relayerIds.length} relayers`
  writeFileSync(join(o.runDir, 'backlog.svg'), await drawBacklogChart(points, { title }))
  writeFileSync(
    join(o.runDir, 'summary.json'),
    JSON.stringify(
      {
        options: { ...o, env: undefined, print: undefined, signal: undefined },
        heldRate: run.heldRate,
        stalled: run.stalled,
        summary,
      },
      null,
      2,
    ),
  )
  for (const line of formatMeshSummary(summary, {
    heldRate: run.heldRate,
    findMax: o.findMax,
    offeredRate: o.rate,
    loadSeconds: run.loadSeconds,
    stalled: run.stalled,
    runDir: o.runDir,
    drainGaveUp: run.drainGaveUp,
    wallSeconds,
  }))
    o.print(line)
  const faults = await faultRun?.check({
    dispatched: dispatchedByDestination(routes),
    executedOnChain: executed,
    samples: run.samples,
    rate: o.rate,
  })
  for (const line of faults?.lines ?? []) o.print(line)
  return {
    summary,
    heldRate: run.heldRate,
    stalled: run.stalled,
    runDir: o.runDir,
    violations: faults?.violations ?? [],
  }
}

function dispatchedByDestination(
  routes: Array<{ destination: number; ids: ReadonlyMap<Hex, number> }>,
): Map<number, Set<Hex>> {
  const out = new Map<number, Set<Hex>>()
  for (const r of routes) out.set(r.destination, new Set([...(out.get(r.destination) ?? []), ...r.ids.keys()]))
  return out
}

/**
 * The chains and their simulators (anvil, and this process: LiteSVM, the
 * Parlia node, the beacon signer, the committee, the load generator) stand in
 * for other machines: they run at a higher priority so the relayers, not the
 * simulated chains, are what the two cores limit. Their CPU is still reported.
 */
function prioritiseChains(devnet: DevnetMesh, print: (line: string) => void): void {
  for (const pid of [process.pid, devnet.mesh.chains.ethereum.pid, devnet.mesh.chains.bsc.pid]) {
    try {
      setPriority(pid, -10)
    } catch (error) {
      print(
        // reason: os.setPriority throws SystemError
        `could not raise the priority of pid ${pid} (${(error as Error).message}); chain simulators share the cores equally`,
      )
      return
    }
  }
}

/** CPU seconds so far and peak RSS of every process of the mesh, keyed by a stable name. */
function measureProcesses(devnet: DevnetMesh): Map<string, ProcessCost> {
  const out = new Map<string, ProcessCost>()
  const add = (name: string, identity: string | undefined, pids: number[]) => {
    const usages = pids.map(readProcessUsage).filter((u) => u !== undefined)
    if (usages.length === 0) return
    out.set(name, {
      name,
      identity,
      cpuSeconds: usages.reduce((a, u) => a + u.cpuSeconds, 0),
      peakRssBytes: Math.max(...usages.map((u) => u.peakRssBytes)),
    })
  }
  for (const p of devnet.procs)
    if (p.child.pid !== undefined) add(`${p.relayer}/${p.service}`, p.relayer, [p.child.pid])
  add('anvil ethereum-local', undefined, [devnet.mesh.chains.ethereum.pid])
  add('anvil bsc-local', undefined, [devnet.mesh.chains.bsc.pid])
  add('nats-server', undefined, findProcessesByName('nats-server'))
  add('postgres (all backends)', undefined, findProcessesByName('postgres'))
  add('bench (load generator, solana, beacon, parlia, committee)', undefined, [process.pid])
  return out
}

function trackPeaks(devnet: DevnetMesh, peaks: Map<string, number>): void {
  for (const [name, cost] of measureProcesses(devnet))
    peaks.set(name, Math.max(peaks.get(name) ?? 0, cost.peakRssBytes))
}

async function waitForApi(store: ReturnType<typeof createDb>, signal: AbortSignal): Promise<void> {
  // The first relayer's migrations have run once its tables answer.
  while (!signal.aborted) {
    if (
      await getApiStats(store.db).then(
        () => true,
        () => false,
      )
    )
      return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

const DESTINATION_KEYS = ['31337', '31356']
const CSV_STAGES = ['sent', ...BACKLOG_STAGES, 'executed', 'rejected'] as const

function csvHeader(): string {
  return [
    'seconds',
    'rate',
    'offered',
    'sent',
    'executed',
    ...DESTINATION_KEYS.flatMap((k) => CSV_STAGES.map((s) => `${NAMES[k]}_${s}`)),
  ].join(',')
}

function csvRow(s: MeshSample): string {
  return [
    s.atSeconds.toFixed(1),
    s.rate,
    Math.round(s.offered),
    s.sent,
    s.executed,
    ...DESTINATION_KEYS.flatMap((k) => CSV_STAGES.map((stage) => s.destinations[k]?.[stage] ?? 0)),
  ].join(',')
}
