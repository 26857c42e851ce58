import { connectBus } from '@relaymesh/bus'
import pg from 'pg'
import { startLocalMesh, type LocalMesh, type StartLocalMeshParameters } from './mesh/startLocalMesh.js'
import { ensureNats, ensurePostgres, freePort } from '../../../test/infra.mjs'
import { startLocalSolanaSource, type LocalSolanaSource } from './solana/index.js'
import { writeDevnetFile } from './writeDevnetFile.js'
import {
  restartRelayerProcess,
  spawnRelayerProcesses,
  stopProcesses,
  type RelayerProcess,
  type SpawnRelayerProcessesParameters,
} from './spawnRelayerProcesses.js'

export type StartDevnetMeshParameters = {
  relayerIds: string[]
  threshold: number
  /** Where each relayer's config, key and logs go (`<workDir>/<relayer>/<service>.log`). */
  workDir: string
  /** Path of the `relaymesh` CLI entry the relayer processes run. */
  bin: string
  env: Record<string, string | undefined>
  print: (line: string) => void
  /** Called when a relayer process exits on its own (not when `stop` stops it). */
  onProcessExit: (proc: RelayerProcess, code: number | null) => void
  /** Database name prefix, one database per relayer: `<prefix>_<relayer>` (dropped and created anew). */
  databasePrefix?: string | undefined
  /** NATS stream prefix the relayers use; streams starting with it are deleted at start and stop. */
  streamPrefix?: string | undefined
  /** Seconds between blocks on both EVM chains. Default 0.5. */
  blockTime?: number | undefined
  /** Block gas limit of both EVM chains (anvil's default is 30M). */
  gasLimit?: bigint | undefined
  batch?: StartLocalMeshParameters['batch']
  verifierThreads?: number | undefined
  /** Profile every relayer process with `node --cpu-prof` into `<cpuProfDir>/<relayer>/<service>/`. */
  cpuProfDir?: string | undefined
  /**
   * Postgres (admin URL) and NATS servers to use instead of the running ones (the fault run brings its own, to restart
   * them).
   */
  servers?: { postgres: ServerRef; nats: ServerRef } | undefined
  /**
   * Replaces each relayer's RPC URL per chain (EVM and Solana), e.g. with a proxy the fault run drives (an EVM chain
   * keeps the direct URL as its fallback); the load and devnet.json keep the direct ones.
   */
  wrapRpcUrl?: ((relayerId: string, domain: number, url: string) => Promise<string>) | undefined
}

type ServerRef = { url: string; source: string }

export type DevnetMesh = {
  mesh: LocalMesh
  solana: LocalSolanaSource
  procs: RelayerProcess[]
  /** The first relayer's API base URL. */
  api: string
  /** Database URL of each relayer. */
  databaseUrl: (relayerId: string) => string
  natsUrl: string
  /**
   * Starts a relayer process again after it exited (same config, key and log file); `proc.child` becomes the new one;
   * `env` adds to its environment.
   */
  restart(proc: RelayerProcess, env?: Record<string, string>): void
  /** Process ids of what the mesh runs besides the relayers (chains, NATS, Postgres when started here). */
  stop(): Promise<void>
}

/**
 * The whole mesh as the devnet runs it: NATS and Postgres (the running ones,
 * else started from the installed binaries), two anvil chains with
 * sync-committee and Parlia finality, LiteSVM Solana with its committee, and
 * the relayers as separate processes (the first one as one process per
 * service), each logging to a file under `workDir`.
 */
export async function startDevnetMesh(o: StartDevnetMeshParameters): Promise<DevnetMesh> {
  const cleanups: Array<() => Promise<void>> = []
  const stop = async () => {
    for (const cleanup of cleanups.splice(0))
      await cleanup().catch((error: unknown) => o.print(`cleanup failed: ${String(error)}`))
  }
  try {
    // Servers given by the caller are the caller's to stop.
    const postgres: ServerRef & { stop?: () => Promise<void> } = o.servers?.postgres ?? (await ensurePostgres())
    if (postgres.stop) cleanups.unshift(postgres.stop)
    const nats: ServerRef & { stop?: () => Promise<void> } = o.servers?.nats ?? (await ensureNats())
    if (nats.stop) cleanups.unshift(nats.stop)
    o.print(`postgres: ${postgres.source}; nats: ${nats.source}`)
    const streamPrefix = o.streamPrefix ?? 'DEVNET'
    // The mesh owns its streams: a fresh run starts from empty ones and leaves none behind.
    await deleteStreams(nats.url, streamPrefix)
    cleanups.unshift(() => deleteStreams(nats.url, streamPrefix))
    const databaseUrl = await createDatabases(postgres.url, o.databasePrefix ?? 'relaymesh_devnet', [
      ...o.relayerIds,
      'attesters',
    ])
    // The Solana committee is the production attester service (one per development key).
    const solana = await startLocalSolanaSource({ attesterDatabaseUrl: databaseUrl('attesters') })
    cleanups.unshift(solana.stop)
    const mesh = await startLocalMesh({
      relayerIds: o.relayerIds,
      threshold: o.threshold,
      databaseUrl,
      natsUrl: nats.url,
      blockTime: o.blockTime ?? 0.5,
      gasLimit: o.gasLimit,
      ethereumFinality: { kind: 'light-client' },
      bscFinality: { kind: 'parlia', epochLength: 20 },
      solana: solana.config,
      batch: o.batch,
      verifierThreads: o.verifierThreads,
    })
    cleanups.unshift(mesh.stop)
    for (const r of mesh.relayers) r.config.api = { host: '127.0.0.1', port: await freePort() }
    if (o.wrapRpcUrl) await wrapRelayerRpcUrls(mesh, o.wrapRpcUrl)
    const api = `http://127.0.0.1:${mesh.relayers[0]?.config.api.port}`
    await printMeshInfo(o, { mesh, solana, api })
    const relayers = startRelayerProcesses(o, mesh, streamPrefix)
    cleanups.unshift(relayers.stop)
    const { procs, restart } = relayers
    return { mesh, solana, procs, api, databaseUrl, natsUrl: nats.url, restart, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

/** The chains, the API and `devnet.json` the devnet wrote, for the developer. */
async function printMeshInfo(
  o: StartDevnetMeshParameters,
  m: { mesh: LocalMesh; solana: LocalSolanaSource; api: string },
): Promise<void> {
  const { mesh, solana, api } = m
  if (mesh.beacon)
    o.print(
      `ethereum-local finality: sync-committee light client; devnet beacon signer ${mesh.beacon.url} (trusted ` +
        `root ${mesh.beacon.trustedBlockRoot})`,
    )
  const rpcOf = (domain: number) => mesh.relayers[0]?.config.chains.find((c) => c.domain === domain)?.rpcUrl
  o.print(
    `chains: ethereum-local ${rpcOf(mesh.bridges.ethereum.domain)} (light client), ` +
      `bsc-local ${rpcOf(mesh.bridges.bsc.domain)} (Parlia), solana-local ${solana.chain.rpcUrl} (attested); ` +
      `relayers ${o.relayerIds.join(', ')} (threshold ${o.threshold}); api ${api}`,
  )
  o.print(
    `devnet.json: ${await writeDevnetFile({ mesh, solana, apiUrl: api, workDir: o.workDir })} (chains, contract ` +
      `addresses, relayer sets, API, funded developer accounts)`,
  )
}

/**
 * Spawns every relayer's processes; an exit before `stop` goes to `o.onProcessExit`, and `restart` is a no-op after it.
 */
function startRelayerProcesses(
  o: StartDevnetMeshParameters,
  mesh: LocalMesh,
  streamPrefix: string,
): Pick<DevnetMesh, 'procs' | 'restart' | 'stop'> {
  const stopping = { now: false }
  const spawning: SpawnRelayerProcessesParameters = {
    relayers: mesh.relayers,
    dir: o.workDir,
    bin: o.bin,
    logs: true,
    cpuProfDir: o.cpuProfDir,
    env: { ...o.env, RELAYMESH_STREAM_PREFIX: streamPrefix },
    onExit: (proc, code) => {
      if (!stopping.now) o.onProcessExit(proc, code)
    },
  }
  const procs = spawnRelayerProcesses(spawning)
  o.print(
    `logs: ${o.workDir}/<relayer>/<service>.log (${procs.map((p) => `${p.relayer}/${p.service}.log`).join(', ')})`,
  )
  return {
    procs,
    restart: (proc, env) => {
      if (!stopping.now) restartRelayerProcess(spawning, proc, env)
    },
    stop: async () => {
      stopping.now = true
      await stopProcesses(procs)
    },
  }
}

async function wrapRelayerRpcUrls(
  mesh: LocalMesh,
  wrap: NonNullable<StartDevnetMeshParameters['wrapRpcUrl']>,
): Promise<void> {
  for (const r of mesh.relayers) {
    // Each relayer gets its own chain configs: the mesh built them shared.
    // The node's own URL stays as the fallback: each chain's second endpoint, EVM and Solana alike.
    r.config.chains = await Promise.all(
      r.config.chains.map(async (c) => ({
        ...c,
        rpcUrl: await wrap(r.id, c.domain, c.rpcUrl),
        fallbackRpcUrls: [c.rpcUrl, ...c.fallbackRpcUrls],
      })),
    )
    r.config.solana = await Promise.all(
      r.config.solana.map(async (c) => ({
        ...c,
        rpcUrl: await wrap(r.id, c.domain, c.rpcUrl),
        fallbackRpcUrls: [c.rpcUrl, ...c.fallbackRpcUrls],
      })),
    )
  }
}

async function createDatabases(baseUrl: string, prefix: string, ids: string[]): Promise<(id: string) => string> {
  const admin = new pg.Client({ connectionString: baseUrl })
  await admin.connect()
  try {
    for (const id of ids) {
      await admin.query(`DROP DATABASE IF EXISTS ${prefix}_${id} WITH (FORCE)`)
      await admin.query(`CREATE DATABASE ${prefix}_${id}`)
    }
  } finally {
    await admin.end()
  }
  return (id) => Object.assign(new URL(baseUrl), { pathname: `/${prefix}_${id}` }).toString()
}

async function deleteStreams(natsUrl: string, prefix: string): Promise<void> {
  const bus = await connectBus({ servers: natsUrl, name: 'relaymesh-devnet' })
  try {
    for await (const info of bus.jsm.streams.list()) {
      if (info.config.name.startsWith(`${prefix}_`)) await bus.jsm.streams.delete(info.config.name)
    }
  } finally {
    await bus.close()
  }
}
