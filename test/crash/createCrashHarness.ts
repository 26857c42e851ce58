// Test-only: the crash test's mesh (three relayers as processes on the local chains, one database each) and the
// ways it kills, restarts and reads r1.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startLocalMesh, type LocalMesh } from '@relaymesh/devnet/local-mesh'
import { spawnRelayerProcesses, stopProcesses, type RelayerProcess } from '@relaymesh/devnet'
import { createDb, type CreateDbReturnType } from '@relaymesh/store'
import type { Hex } from 'viem'
import {
  createTestDatabases,
  TEST_NATS_URL,
  testBusNamespace,
  WAIT_DEADLINE_MS,
  waitUntil,
} from '../../libs/relayer/src/testing/testInfra.js'

const bin = fileURLToPath(new URL('../../services/cli/bin/relaymesh.js', import.meta.url))
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** One of r1's persisted transactions. */
export type InFlightTx = { id: string; kind: string; state: string; chain: number; batchIndex: string; txHash: Hex }

export type CrashHarness = {
  /** The relayers' ids; the first, r1, proposes for both destinations and is the one crashed. */
  ids: string[]
  /** Set once `start` has started the chains. */
  readonly mesh: LocalMesh | undefined
  /** Every exit of a service that was not killed on purpose (nor stopped at the end). */
  unexpectedExits: string[]
  /** Starts the chains, the databases and every relayer's services as processes. */
  start(): Promise<void>
  /** Stops whatever `start` got to, each step on its own so one failing does not leak the others. */
  stop(): Promise<void>
  query<R extends Record<string, unknown>>(relayer: string, text: string, params?: unknown[]): Promise<R[]>
  /** SIGKILL r1's `service` (no chance to ack, flush or save), keep it down for `downMs`, start it again. */
  crashAndRestart(service: string, downMs: number): Promise<void>
  /** Resolves once every service holds its database connection (context built, migrations applied). */
  waitForServices(): Promise<void>
  /**
   * The first of r1's transactions that is persisted but not yet mined (preferring a submitBatch), polled until
   * `deadline`.
   */
  waitForInFlightTx(deadline: number): Promise<InFlightTx | undefined>
}

/** The crash test's mesh, not started yet: `start` in the suite's `before`, `stop` in its `after`. */
export function createCrashHarness(ids: string[]): CrashHarness {
  let mesh: LocalMesh | undefined
  let dbs: Awaited<ReturnType<typeof createTestDatabases>> | undefined
  const stores = new Map<string, CreateDbReturnType>()
  const procs: RelayerProcess[] = []
  const killed = new Set<RelayerProcess['child']>()
  const unexpectedExits: string[] = []
  let stopping = false
  const ns = testBusNamespace()
  const dir = mkdtempSync(join(tmpdir(), 'relaymesh-crash-'))
  let baseEnv: Record<string, string | undefined> = {}

  const onExit = (proc: RelayerProcess, code: number | null, stderr = '') => {
    if (stopping || killed.has(proc.child)) return
    unexpectedExits.push(
      `${proc.relayer} ${proc.service} exited (code ${code}, signal ${proc.child.signalCode}) ${stderr}`,
    )
  }

  /** `relaymesh <service>` for r1 with the config and key spawnRelayerProcesses wrote, as a restart would run it. */
  const spawnR1 = (service: string): RelayerProcess => {
    const child = spawn(process.execPath, [bin, service], {
      env: {
        ...baseEnv,
        RELAYMESH_CONFIG_FILE: join(dir, 'r1', 'config.json'),
        RELAYMESH_RELAYER_KEY_FILE: join(dir, 'r1', 'relayer.key'),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    const proc: RelayerProcess = { relayer: 'r1', service, child }
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)))
    child.on('exit', (code) => onExit(proc, code, stderr))
    procs.push(proc)
    return proc
  }

  const crashAndRestart = async (service: string, downMs: number): Promise<void> => {
    const proc = procs.find(
      (p) => p.relayer === 'r1' && p.service === service && p.child.exitCode === null && p.child.signalCode === null,
    )
    assert.ok(proc, `r1 ${service} is running before the crash`)
    killed.add(proc.child)
    const exited = new Promise((resolve) => proc.child.once('exit', resolve))
    proc.child.kill('SIGKILL')
    await exited
    await sleep(downMs)
    spawnR1(service)
  }

  const query = async <R extends Record<string, unknown>>(
    relayer: string,
    text: string,
    params: unknown[] = [],
  ): Promise<R[]> => {
    const store = stores.get(relayer)
    assert.ok(store, `a pool for ${relayer}`)
    return (await store.pool.query<R>(text, params)).rows
  }

  const start = async () => {
    dbs = await createTestDatabases(ids)
    mesh = await startLocalMesh({
      relayerIds: ids,
      threshold: 2,
      databaseUrl: dbs.url,
      natsUrl: TEST_NATS_URL,
      blockTime: 0.25,
      confirmations: 2,
    })
    for (const r of mesh.relayers) r.config.api = { host: '127.0.0.1', port: 0 }
    for (const id of ids)
      stores.set(id, createDb({ connectionString: dbs.url(id), max: 2, applicationName: `crash-test-${id}` }))
    baseEnv = {
      ...process.env,
      RELAYMESH_LOG_LEVEL: 'warn',
      RELAYMESH_SUBJECT_ROOT: ns.subjectRoot,
      RELAYMESH_STREAM_PREFIX: ns.streamPrefix,
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
    }
    procs.push(
      ...spawnRelayerProcesses({
        relayers: mesh.relayers,
        dir,
        bin,
        env: baseEnv,
        onExit: (proc, code) => onExit(proc, code),
      }),
    )
  }

  const stop = async () => {
    stopping = true
    const steps: Array<() => Promise<unknown>> = [
      () => stopProcesses(procs),
      async () => {
        for (const s of stores.values()) await s.close()
      },
      async () => mesh?.stop(),
      async () => dbs?.drop(),
      () => ns.cleanup(),
    ]
    for (const step of steps) await step().catch((error: unknown) => console.error('cleanup step failed', error))
    rmSync(dir, { recursive: true, force: true })
  }

  const waitForInFlightTx = async (deadline: number): Promise<InFlightTx | undefined> => {
    const sql =
      `SELECT id::text, kind::text, state::text, chain::int AS chain, batch_index::text AS ` +
      `"batchIndex", '0x' || encode(tx_hash, 'hex') AS "txHash"
      FROM outgoing_txs WHERE state IN ('signed', 'sent') ORDER BY (kind = 'submitBatch') DESC, id LIMIT 1`
    let fallback: InFlightTx | undefined
    while (Date.now() < deadline) {
      const [row] = await query<InFlightTx>('r1', sql)
      if (row?.kind === 'submitBatch') return row
      // Keep polling for a submitBatch until 2 s before the deadline; then take any tx in flight.
      if (row && Date.now() > deadline - 2_000) fallback ??= row
      if (fallback) return fallback
      await sleep(5)
    }
    return undefined
  }

  const waitForServices = async (): Promise<void> => {
    const databases = ids.map((id) => new URL(dbs?.url(id) ?? '').pathname.slice(1))
    const expectedApps = ['watcher', 'verifier', 'batcher', 'settler', 'api']
      .map((s) => `relaymesh-relaymesh-${s}-r1`)
      .concat(['r2', 'r3'].map((r) => `relaymesh-relaymesh-all-${r}`))
    await waitUntil(
      async () => {
        const rows = await query<{ app: string }>(
          'r1',
          `SELECT DISTINCT application_name AS app FROM pg_stat_activity WHERE datname = ANY($1)`,
          [databases],
        )
        const apps = new Set(rows.map((r) => r.app))
        return expectedApps.every((a) => apps.has(a)) ? true : undefined
      },
      'every relayer service started',
      WAIT_DEADLINE_MS,
      100,
    )
    assert.deepEqual(unexpectedExits, [], 'no service crashed on its own while starting')
  }

  return {
    ids,
    get mesh() {
      return mesh
    },
    unexpectedExits,
    start,
    stop,
    query,
    crashAndRestart,
    waitForServices,
    waitForInFlightTx,
  }
}
