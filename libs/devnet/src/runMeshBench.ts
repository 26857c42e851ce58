import { setPriority } from 'node:os'
import { mkdirSync } from 'node:fs'
import { createDb } from '@relaymesh/store'
import { getApiStats } from '@relaymesh/relayer'
import { finishMeshRun } from './mesh/finishMeshRun.js'
import { measureMeshProcesses } from './mesh/measureMeshProcesses.js'
import { sampleMeshRun } from './mesh/sampleMeshRun.js'
import { startLoadGenerator } from './mesh/startLoadGenerator.js'
import type { MeshBenchOptions, MeshBenchResult } from './MeshBenchOptions.js'
import { startDevnetMesh, type DevnetMesh } from './startDevnetMesh.js'
import { startFaultRun, type FaultRun } from './faults/startFaultRun.js'

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
    await settle(o)
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
      `load: ${o.rate} msgs/s ` +
        `over ${o.routes.join(', ')}${
          o.findMax
            ? ` rising x${o.stepFactor} every ${o.stepSeconds} s until the backlog grows for 30 s`
            : ` for ${o.durationSeconds} s`
        }; run folder ${o.runDir}`,
    )
    const started = Date.now()
    const onFlowing = (atSeconds: number) =>
      faultRun?.play(devnet, () => (Date.now() - started) / 1000, atSeconds, stop)
    const run = await sampleMeshRun(o, { devnet, store, load, before, stop, started, onFlowing })
    return await finishMeshRun(o, devnet, store, load, run, measuredFrom, faultRun)
  } finally {
    await store.close()
    await devnet.stop()
  }
}

/**
 * The devnet as the bench runs it: fast blocks, a high gas limit and large batches, so the chains are not the bound.
 */
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
        `could not raise the priority of pid ${pid} (${(error as Error).message}); chain simulators share the ` +
          `cores equally`,
      ) // reason: os.setPriority throws SystemError
      return
    }
  }
}

/**
 * The CPU figures start after `settleSeconds` of the ready mesh: the relayers' start-up (module loading, migrations,
 * light-client bootstrap, the first catch-up reads) is not part of an idle or steady figure.
 */
async function settle(o: MeshBenchOptions): Promise<void> {
  const seconds = o.settleSeconds ?? 0
  if (seconds <= 0 || o.signal.aborted) return
  o.print(`mesh ready; CPU measured from ${seconds} s on (start-up left out)`)
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer)
      resolve()
    }
    const timer = setTimeout(done, seconds * 1000)
    o.signal.addEventListener('abort', done, { once: true })
  })
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
