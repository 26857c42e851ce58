import { devAccounts } from '@relaymesh/localchain'
import { createDb } from '@relaymesh/store'
import { getApiStats } from '@relaymesh/relayer'
import { startLoadGenerator, MESH_ROUTES, type LoadGenerator } from './mesh/startLoadGenerator.js'
import { createDemoBridgeClient, sendDemoTraffic, type DemoTrafficStats } from './sendDemoTraffic.js'
import { startDevnetMesh, type DevnetMesh } from './startDevnetMesh.js'
import { findStalledDestinations } from './findStalledDestinations.js'
import { formatProgressLine } from './formatProgressLine.js'
import { toMeshSample, type MeshSample } from './MeshSample.js'
import { loadSentTo } from './loadSentTo.js'

export type DevnetOptions = {
  relayerIds: string[]
  threshold: number
  /** Messages per second offered by the load generator, split over the four routes (0: none). */
  rate: number
  /** SDK demo transfers (`sendMessage` / `sendToken`) per second per direction, beside the load (0: none). */
  sdkRate: number
  /** Stop after this many seconds (0: until Ctrl-C). */
  durationSeconds: number
  workDir: string
  /** Path of the `relaymesh` CLI entry the relayer processes run. */
  bin: string
  env: Record<string, string | undefined>
  print: (line: string) => void
  signal: AbortSignal
}

const NAMES: Record<string, string> = { '31337': 'ethereum-local', '31356': 'bsc-local' }
const STALL_SECONDS = 30

/**
 * The devnet: the whole mesh (`startDevnetMesh`: chains with light-client
 * finality, Solana with its committee, three relayers at threshold 2, each
 * process logging under `workDir`), the load generator on all four routes,
 * SDK demo transfers both ways, and a progress line per second with the
 * backlog per destination. The summary names any destination that stopped
 * executing.
 */
export async function runDevnet(o: DevnetOptions): Promise<{ sent: number; executed: number; stalled: string[] }> {
  const stop = new AbortController()
  o.signal.addEventListener('abort', () => stop.abort(), { once: true })
  const devnet = await startDevnetMesh({
    relayerIds: o.relayerIds,
    threshold: o.threshold,
    workDir: o.workDir,
    bin: o.bin,
    env: devnetEnv(o.env),
    print: o.print,
    onProcessExit: (proc, code) => {
      o.print(`relayer ${proc.relayer} ${proc.service} exited (${code}); see ${proc.logFile}; stopping the devnet`)
      stop.abort()
    },
  })
  const cleanups: Array<() => Promise<unknown>> = [devnet.stop]
  o.print(`explorer: ${devnet.api}/explorer/ (messages, batches, routes; every relayer's api serves it)`)
  try {
    const load = startLoadGenerator({
      bridges: devnet.mesh.bridges,
      solana: devnet.solana,
      routes: [...MESH_ROUTES],
      rate: o.rate / MESH_ROUTES.length,
      signal: stop.signal,
    })
    cleanups.unshift(() => load.done.catch(() => undefined))
    const stats: DemoTrafficStats = { sent: 0, tokens: 0, errors: 0, lastError: undefined, sentTo: {} }
    if (o.sdkRate > 0) {
      const demo = startSdkDemoTraffic(o.sdkRate, devnet, stats, stop.signal)
      cleanups.unshift(() => demo.catch(() => undefined))
    }
    o.print(
      `traffic: ${o.rate} msgs/s over ${MESH_ROUTES.join(', ')} (multi-dispatch txs and multi-memo Solana ` +
        `txs)${o.sdkRate ? `, plus ${o.sdkRate}/s SDK transfers each way` : ''}`,
    )
    if (o.durationSeconds > 0) setTimeout(() => stop.abort(), o.durationSeconds * 1000).unref()
    const samples = await printProgressUntilStopped(o, devnet, { load, stats }, stop.signal)
    const stalled = findStalledDestinations(samples, STALL_SECONDS)
    for (const key of stalled)
      o.print(
        `destination ${NAMES[key] ?? key} STOPPED EXECUTING: backlog held ${STALL_SECONDS} s with no execution; ` +
          `see ${o.workDir}/${o.relayerIds[0]}/settler.log`,
      )
    const last = samples.at(-1)
    return { sent: last?.sent ?? 0, executed: last?.executed ?? 0, stalled }
  } finally {
    stop.abort()
    for (const cleanup of cleanups)
      await cleanup().catch((error: unknown) => o.print(`cleanup failed: ${String(error)}`))
  }
}

/** SDK demo transfers (`sendMessage` / `sendToken`) both ways, `rate` per second per direction, until `signal`. */
function startSdkDemoTraffic(
  rate: number,
  devnet: DevnetMesh,
  stats: DemoTrafficStats,
  signal: AbortSignal,
): Promise<unknown> {
  const { mesh } = devnet
  // SDK senders: the deployer (it holds the tokens) and dev account 9 (1-3 are the relayers, 7-8 the load generator's).
  const senders = [mesh.sender, ...devAccounts(10).slice(9, 10)]
  return sendDemoTraffic({
    bridges: mesh.bridges,
    client: createDemoBridgeClient(mesh.bridges, devnet.api),
    senders,
    perTick: 1,
    intervalMs: Math.round(1000 / rate),
    signal,
    stats,
  })
}

/** One progress line per second from the first relayer's database until `signal`; returns the last 600 samples. */
async function printProgressUntilStopped(
  o: DevnetOptions,
  devnet: DevnetMesh,
  traffic: { load: LoadGenerator; stats: DemoTrafficStats },
  signal: AbortSignal,
): Promise<MeshSample[]> {
  const { load, stats } = traffic
  // reason: at least one relayer
  const store = createDb({ connectionString: devnet.databaseUrl(o.relayerIds[0] as string), max: 1 })
  try {
    const samples: MeshSample[] = []
    const started = Date.now()
    while (!signal.aborted) {
      await new Promise((resolve) => setTimeout(resolve, 1000))
      const counts = await getApiStats(store.db).catch(() => undefined)
      if (!counts) continue
      const sample = toMeshSample(
        {
          atSeconds: (Date.now() - started) / 1000,
          rate: o.rate,
          offered: load.offered(),
          sentTo: addCounts(loadSentTo(load), stats.sentTo ?? {}),
        },
        counts,
      )
      o.print(
        `${formatProgressLine(sample, samples.at(-1), NAMES)}${
          stats.errors ? ` | sdk errors ${stats.errors}: ${stats.lastError}` : ''
        }`,
      )
      samples.push(sample)
      while (samples.length > 600) samples.shift()
    }
    return samples
  } finally {
    await store.close().catch((error: unknown) => o.print(`cleanup failed: ${String(error)}`))
  }
}

function addCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a }
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v
  return out
}

/**
 * Relayer processes log at info to their files and export traces only when a collector is configured, then every
 * message's trace (a devnet is for looking at them; the services' default keeps 1 in 100).
 */
function devnetEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const collector = env.OTEL_EXPORTER_OTLP_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
  return {
    ...env,
    RELAYMESH_SUBJECT_ROOT: 'devnet',
    RELAYMESH_LOG_LEVEL: env.RELAYMESH_LOG_LEVEL ?? 'info',
    OTEL_TRACES_EXPORTER: env.OTEL_TRACES_EXPORTER ?? (collector ? 'otlp' : 'none'),
    OTEL_TRACES_SAMPLER_ARG: env.OTEL_TRACES_SAMPLER_ARG ?? '1',
  }
}
