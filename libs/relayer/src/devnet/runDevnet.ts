import { connectBus } from '@relaymesh/bus'
import pg from 'pg'
import { getStats } from '../api/ApiClient.js'
import { startLocalMesh } from '../mesh/startLocalMesh.js'
import { ensureNats, ensurePostgres, freePort } from '../../../../test/infra.mjs'
import { devAccounts } from '@relaymesh/localchain'
import { createDemoBridgeClient, sendDemoTraffic, type DemoTrafficStats } from './sendDemoTraffic.js'
import { sendSolanaDemoTraffic, startLocalSolanaSource } from './solana/index.js'
import { spawnRelayerProcesses, stopProcesses, type RelayerProcess } from './spawnRelayerProcesses.js'

export type DevnetOptions = {
  relayerIds: string[]
  threshold: number
  /** Messages per route per tick. */
  perTick: number
  intervalMs: number
  /** Stop after this many seconds (0: until Ctrl-C). */
  durationSeconds: number
  /** Stop sending after this many messages (0: no limit). */
  limit: number
  workDir: string
  /** Path of the `relaymesh` CLI entry the relayer processes run. */
  bin: string
  env: Record<string, string | undefined>
  print: (line: string) => void
  signal: AbortSignal
}

async function createDatabases(baseUrl: string, ids: string[]): Promise<(id: string) => string> {
  const admin = new pg.Client({ connectionString: baseUrl })
  await admin.connect()
  for (const id of ids) {
    await admin.query(`DROP DATABASE IF EXISTS relaymesh_devnet_${id} WITH (FORCE)`)
    await admin.query(`CREATE DATABASE relaymesh_devnet_${id}`)
  }
  await admin.end()
  return (id) => Object.assign(new URL(baseUrl), { pathname: `/relaymesh_devnet_${id}` }).toString()
}

/**
 * The devnet: two anvil chains with the bridge, NATS and Postgres (the
 * running ones, else started from the installed binaries), three relayer
 * identities with threshold 2 (the first one as one process per service),
 * demo traffic both ways, and a progress line per second.
 */
export async function runDevnet(o: DevnetOptions): Promise<{ sent: number; executed: number }> {
  const cleanups: Array<() => Promise<void>> = []
  const stop = new AbortController()
  o.signal.addEventListener('abort', () => stop.abort(), { once: true })
  try {
    const postgres = await ensurePostgres()
    cleanups.unshift(postgres.stop)
    const nats = await ensureNats()
    cleanups.unshift(nats.stop)
    o.print(`postgres: ${postgres.source}; nats: ${nats.source}`)
    // The devnet owns its streams: a fresh run starts from empty ones and leaves none behind.
    await deleteDevnetStreams(nats.url)
    cleanups.unshift(() => deleteDevnetStreams(nats.url))
    const dbUrl = await createDatabases(postgres.url, o.relayerIds)
    // Solana source: LiteSVM behind JSON-RPC/WS plus the development committee signers.
    const solana = await startLocalSolanaSource()
    cleanups.unshift(solana.stop)
    const mesh = await startLocalMesh({
      relayerIds: o.relayerIds, threshold: o.threshold, databaseUrl: dbUrl, natsUrl: nats.url, blockTime: 0.5,
      ethereumFinality: { kind: 'light-client' }, bscFinality: { kind: 'parlia', epochLength: 20 }, solana: solana.config,
    })
    cleanups.unshift(mesh.stop)
    for (const r of mesh.relayers) r.config.api = { host: '127.0.0.1', port: await freePort() }
    const api = `http://127.0.0.1:${mesh.relayers[0]?.config.api.port}`
    if (mesh.beacon) o.print(`ethereum-local finality: sync-committee light client; devnet beacon signer ${mesh.beacon.url} (trusted root ${mesh.beacon.trustedBlockRoot})`)
    o.print(`chains: ethereum-local ${mesh.chains.ethereum.rpcUrl} (light client), bsc-local ${mesh.chains.bsc.rpcUrl} (Parlia), solana-local ${solana.chain.rpcUrl} (attested); relayers ${o.relayerIds.join(', ')} (threshold ${o.threshold}); api ${api}`)
    const procs: RelayerProcess[] = spawnRelayerProcesses({
      relayers: mesh.relayers, dir: o.workDir, bin: o.bin, env: devnetEnv(o.env),
      onExit: (proc, code) => {
        if (stop.signal.aborted) return
        o.print(`relayer ${proc.relayer} ${proc.service} exited (${code}); stopping the devnet`)
        stop.abort()
      },
    })
    cleanups.unshift(() => stopProcesses(procs))
    const stats: DemoTrafficStats = { sent: 0, tokens: 0, errors: 0, lastError: undefined }
    // Demo senders: the deployer (it holds the tokens) and three dev accounts the relayers do not use.
    const senders = [mesh.sender, ...devAccounts(10).slice(1 + o.relayerIds.length, 4 + o.relayerIds.length)]
    const client = createDemoBridgeClient(mesh.bridges, api)
    const traffic = sendDemoTraffic({ bridges: mesh.bridges, client, senders, perTick: o.perTick, intervalMs: o.intervalMs, limit: o.limit || undefined, signal: stop.signal, stats })
    cleanups.unshift(async () => void (await traffic.catch(() => undefined)))
    const solanaTraffic = sendSolanaDemoTraffic({ source: solana, bridges: mesh.bridges, perTick: Math.max(1, Math.floor(o.perTick / 2)), intervalMs: o.intervalMs, signal: stop.signal, stats })
    cleanups.unshift(async () => void (await solanaTraffic.catch(() => undefined)))
    if (o.durationSeconds > 0) setTimeout(() => stop.abort(), o.durationSeconds * 1000).unref()
    const executed = await reportProgress(api, stats, o.print, stop.signal)
    return { sent: stats.sent, executed }
  } finally {
    stop.abort()
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => o.print(`cleanup failed: ${String(error)}`))
  }
}

const DEVNET_STREAM_PREFIX = 'DEVNET'

async function deleteDevnetStreams(natsUrl: string): Promise<void> {
  const bus = await connectBus({ servers: natsUrl, name: 'relaymesh-devnet' })
  try {
    for await (const info of bus.jsm.streams.list()) {
      if (info.config.name.startsWith(`${DEVNET_STREAM_PREFIX}_`)) await bus.jsm.streams.delete(info.config.name)
    }
  } finally {
    await bus.close()
  }
}

/** Relayer processes log warnings only and export traces only when a collector is configured. */
function devnetEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const collector = env.OTEL_EXPORTER_OTLP_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
  return { ...env, RELAYMESH_STREAM_PREFIX: DEVNET_STREAM_PREFIX, RELAYMESH_SUBJECT_ROOT: 'devnet', RELAYMESH_LOG_LEVEL: env.RELAYMESH_LOG_LEVEL ?? 'warn', OTEL_TRACES_EXPORTER: env.OTEL_TRACES_EXPORTER ?? (collector ? 'otlp' : 'none') }
}

async function reportProgress(api: string, stats: DemoTrafficStats, print: (line: string) => void, signal: AbortSignal): Promise<number> {
  const started = Date.now()
  let last = { at: started, executed: 0 }
  let executed = 0
  while (!signal.aborted) {
    await new Promise((r) => setTimeout(r, 1000))
    const counts = await getStats(api).then((s) => s.total, () => undefined)
    if (!counts) {
      print(`[${Math.round((Date.now() - started) / 1000)}s] sent ${stats.sent}; waiting for the api...`)
      continue
    }
    executed = counts.executed
    const now = Date.now()
    const rate = ((executed - last.executed) * 1000) / (now - last.at)
    last = { at: now, executed }
    const verified = counts.verified + counts.batched + counts.settled + counts.executed + counts.failed
    print(`[${Math.round((now - started) / 1000)}s] sent ${stats.sent} | verified ${verified} | batched ${counts.batched + counts.settled + counts.executed} | settled ${counts.settled + counts.executed} | executed ${executed} | rejected ${counts.rejected} failed ${counts.failed} | ${rate.toFixed(1)} msg/s${stats.errors ? ` | send errors ${stats.errors}: ${stats.lastError}` : ''}`)
  }
  return executed
}
