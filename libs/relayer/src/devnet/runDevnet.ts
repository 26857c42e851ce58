import { createRequire } from 'node:module'
import { join } from 'node:path'
import pg from 'pg'
import { getStats } from '../api/ApiClient.js'
import { startLocalMesh } from '../mesh/startLocalMesh.js'
import { ensureNats, ensurePostgres, freePort } from '../../../../test/infra.mjs'
import { sendDemoTraffic, type DemoTrafficStats } from './sendDemoTraffic.js'
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
  const postgres = await ensurePostgres()
  const nats = await ensureNats()
  o.print(`postgres: ${postgres.source}; nats: ${nats.source}`)
  const dbUrl = await createDatabases(postgres.url, o.relayerIds)
  const mesh = await startLocalMesh({ relayerIds: o.relayerIds, threshold: o.threshold, databaseUrl: dbUrl, natsUrl: nats.url, blockTime: 0.5 })
  const apiPort = await freePort()
  const first = mesh.relayers[0]
  if (first) first.config.api = { host: '127.0.0.1', port: apiPort }
  for (const r of mesh.relayers.slice(1)) r.config.api = { host: '127.0.0.1', port: await freePort() }
  o.print(`chains: ethereum-local ${mesh.chains.ethereum.rpcUrl}, bsc-local ${mesh.chains.bsc.rpcUrl}; relayers ${o.relayerIds.join(', ')} (threshold ${o.threshold}); api http://127.0.0.1:${apiPort}`)
  const stop = new AbortController()
  o.signal.addEventListener('abort', () => stop.abort(), { once: true })
  const bin = join(createRequire(import.meta.url).resolve('@relaymesh/cli/package.json'), '..', 'bin', 'relaymesh.js')
  const procs: RelayerProcess[] = spawnRelayerProcesses({
    relayers: mesh.relayers, dir: o.workDir, bin, env: { ...o.env, RELAYMESH_LOG_LEVEL: o.env.RELAYMESH_LOG_LEVEL ?? 'warn' },
    onExit: (proc, code) => {
      if (!stop.signal.aborted) {
        o.print(`relayer ${proc.relayer} ${proc.service} exited (${code}); stopping the devnet`)
        stop.abort()
      }
    },
  })
  const stats: DemoTrafficStats = { sent: 0, tokens: 0, errors: 0, lastError: undefined }
  const traffic = sendDemoTraffic({ bridges: mesh.bridges, sender: mesh.sender, perTick: o.perTick, intervalMs: o.intervalMs, limit: o.limit || undefined, signal: stop.signal, stats })
  if (o.durationSeconds > 0) setTimeout(() => stop.abort(), o.durationSeconds * 1000).unref()
  let executed = 0
  try {
    executed = await reportProgress(`http://127.0.0.1:${apiPort}`, stats, o.print, stop.signal)
  } finally {
    stop.abort()
    await traffic.catch(() => undefined)
    await stopProcesses(procs)
    await mesh.stop()
    await nats.stop()
    await postgres.stop()
  }
  return { sent: stats.sent, executed }
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
