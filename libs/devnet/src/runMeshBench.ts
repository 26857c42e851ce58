import { mkdirSync, writeFileSync, appendFileSync } from 'node:fs'
import { setPriority } from 'node:os'
import { join } from 'node:path'
import { createDb, getHopLatency } from '@relaymesh/store'
import type { Hex, PublicClient } from 'viem'
import { getApiStats } from '@relaymesh/relayer'
import { drawBacklogChart, type BacklogPoint } from './mesh/drawBacklogChart.js'
import { isBacklogGrowing } from './mesh/isBacklogGrowing.js'
import { readExecutedMessages } from './mesh/readExecutedMessages.js'
import { backlogCsvHeader, backlogCsvRow, MESH_DESTINATION_NAMES } from './mesh/backlogCsv.js'
import { measureMeshProcesses } from './mesh/measureMeshProcesses.js'
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

const NAMES = MESH_DESTINATION_NAMES

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
  const devnet = await startBenchDevnet(o, failed, faultRun)
  // A fault may restart Postgres under this pool: an idle connection's error is expected then, not a crash of the run.
  const store = createDb({
    connectionString: devnet.databaseUrl(o.relayerIds[0] as string),
    max: 1,
    onIdleError: () => {},
  }) // reason: at least one relayer
  prioritiseChains(devnet, o.print)
  try {
    await waitForApi(store, o.signal)
    const before = measureMeshProcesses(devnet)
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
    const run = await sampleRun(o, { devnet, store, load, before, stop, started, onFlowing })
    return await finish(o, devnet, store, load, run, measuredFrom, faultRun)
  } finally {
    await store.close()
    await devnet.stop()
  }
}

/** The devnet as the bench runs it: fast blocks, a high gas limit and large batches, so the chains are not the bound. */
function startBenchDevnet(o: MeshBenchOptions, failed: AbortController, faultRun: FaultRun | undefined) {
  return startDevnetMesh({
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

type SampleRunDeps = {
  devnet: DevnetMesh
  store: ReturnType<typeof createDb>
  load: LoadGenerator
  before: Map<string, ProcessCost>
  stop: AbortSignal
  started: number
  onFlowing: (atSeconds: number) => void
}

/** Where the offered load stands: its rate, whether it still runs, and when the current find-max step began. */
type LoadCursor = { rate: number; loading: boolean; stepStarted: number; loadFrom: number | undefined }

async function sampleRun(o: MeshBenchOptions, deps: SampleRunDeps): Promise<RunState> {
  const { load } = deps
  const state: RunState = {
    drainGaveUp: false,
    samples: [],
    peaks: new Map(),
    before: deps.before,
    loadSeconds: 0,
    totalSeconds: 0,
    heldRate: undefined,
    stalled: [],
  }
  const csv = join(o.runDir, 'backlog.csv')
  writeFileSync(csv, `${backlogCsvHeader()}\n`)
  // A fault run's load lasts `durationSeconds` from the moment the mesh flows, so a machine slow to start the mesh
  // still plays every fault under load (a start of 60 s on two busy cores once put the whole schedule after the load).
  const cursor: LoadCursor = { rate: o.rate, loading: true, stepStarted: 0, loadFrom: o.faults ? undefined : 0 }
  let lastProgress = { at: 0, executed: -1 }
  while (!deps.stop.aborted) {
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const atSeconds = (Date.now() - deps.started) / 1000
    const sample = await takeSample(o, deps, state, { atSeconds, rate: cursor.loading ? cursor.rate : 0 })
    if (!sample) continue
    appendFileSync(csv, `${backlogCsvRow(sample)}\n`)
    if (sample.executed > 0 && lastProgress.executed <= 0) {
      cursor.loadFrom ??= atSeconds
      deps.onFlowing(atSeconds)
    }
    if (sample.executed !== lastProgress.executed) lastProgress = { at: atSeconds, executed: sample.executed }
    state.stalled = findStalledDestinations(state.samples, 30)
    stepLoad(o, state, cursor, load, atSeconds)
    if (!cursor.loading && state.loadSeconds === 0) {
      load.stop()
      state.loadSeconds = atSeconds
      o.print(`load stopped after ${atSeconds.toFixed(0)} s; draining`)
    }
    if (!cursor.loading && sample.executed >= sample.sent && load.pending() === 0) break
    if (!cursor.loading && atSeconds - lastProgress.at > o.drainStallSeconds) {
      o.print(`drain gave up: nothing executed for ${o.drainStallSeconds} s`)
      state.drainGaveUp = true
      break
    }
  }
  state.totalSeconds = lastProgress.at
  return state
}

/** One second's sample: the first relayer's stats, printed and kept, with every process's peak RSS so far. */
async function takeSample(
  o: MeshBenchOptions,
  deps: SampleRunDeps,
  state: RunState,
  at: { atSeconds: number; rate: number },
): Promise<MeshSample | undefined> {
  // A fault can take the first relayer's database away for a while: that second has no sample.
  const stats = await getApiStats(deps.store.db).catch(
    (error: unknown) =>
      void o.print(`${at.atSeconds.toFixed(0)} s: stats unavailable (${(error as Error).message.split('\n')[0]})`),
  ) // reason: pg throws Error
  if (!stats) return undefined
  const sample = toMeshSample({ ...at, offered: deps.load.offered(), sentTo: loadSentTo(deps.load) }, stats)
  o.print(formatProgressLine(sample, state.samples.at(-1), NAMES))
  state.samples.push(sample)
  for (const [name, cost] of measureMeshProcesses(deps.devnet))
    state.peaks.set(name, Math.max(state.peaks.get(name) ?? 0, cost.peakRssBytes))
  return sample
}

/** Ends the load when its duration is over, or, with find-max, raises the rate after a step that held. */
function stepLoad(o: MeshBenchOptions, state: RunState, cursor: LoadCursor, load: LoadGenerator, atSeconds: number) {
  if (!cursor.loading) return
  if (!o.findMax) {
    if (cursor.loadFrom !== undefined && atSeconds >= cursor.loadFrom + o.durationSeconds) cursor.loading = false
    return
  }
  const growing = isBacklogGrowing(
    state.samples.filter((s) => s.atSeconds >= cursor.stepStarted),
    { windowSeconds: 30, toleranceRate: cursor.rate * 0.02 },
  )
  if (growing || state.stalled.length) {
    o.print(
      `find-max: ${cursor.rate} msgs/s did not hold (backlog grew for 30 s); highest that held: ${state.heldRate ?? 'none'}`,
    )
    cursor.loading = false
  } else if (atSeconds - cursor.stepStarted >= o.stepSeconds) {
    state.heldRate = cursor.rate
    cursor.rate = Math.round(cursor.rate * o.stepFactor)
    cursor.stepStarted = atSeconds
    load.setRate(cursor.rate / o.routes.length)
    o.print(`find-max: ${state.heldRate} msgs/s held; trying ${cursor.rate}`)
  }
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
  const executed = await readExecutedOnChain(devnet)
  const latency = await readRouteLatency(store)
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
  await writeRunFiles(o, run, summary)
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
  const { heldRate, stalled } = run
  return { summary, heldRate, stalled, runDir: o.runDir, violations: faults?.violations ?? [] }
}

/** Every `MessageExecuted` on each EVM destination's inbox: id -> how many times. */
async function readExecutedOnChain(devnet: DevnetMesh): Promise<Map<number, Map<Hex, number>>> {
  const { bridges } = devnet.mesh
  const executed = new Map<number, Map<Hex, number>>()
  for (const bridge of [bridges.ethereum, bridges.bsc]) {
    const client = bridge.chain.publicClient as PublicClient // reason: the anvil client is a PublicClient with a fixed chain
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
async function writeRunFiles(o: MeshBenchOptions, run: RunState, summary: MeshRunSummary): Promise<void> {
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
  const options = { ...o, env: undefined, print: undefined, signal: undefined }
  const json = { options, heldRate: run.heldRate, stalled: run.stalled, summary }
  writeFileSync(join(o.runDir, 'summary.json'), JSON.stringify(json, null, 2))
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
        `could not raise the priority of pid ${pid} (${(error as Error).message}); chain simulators share the cores equally`,
      ) // reason: os.setPriority throws SystemError
      return
    }
  }
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
