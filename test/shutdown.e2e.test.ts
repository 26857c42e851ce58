// Graceful shutdown of the relayer service processes, as `relaymesh <service>` runs in a pod or under
// the devnet: on SIGTERM during traffic each service stops consuming, finishes or leaves its in-flight work to
// redelivery, closes NATS and Postgres and exits 0 within the chart's terminationGracePeriodSeconds, and once
// restarted every message still executes (nothing was committed half-way). Also the two ways orphaned relayers
// used to linger: a Solana watcher whose Solana RPC is gone (web3.js reconnects its socket forever) and a service
// whose parent died while it was still starting (the watchdog took the new parent for the old one).
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { addressToBytes32 } from '@relaymesh/protocol'
import { createDemoBridgeClient, startDevnetMesh, type DevnetMesh, type RelayerProcess } from '@relaymesh/devnet'
import { sendMessage, waitForMessage } from '@relaymesh/sdk'
import { toHex, type Hex } from 'viem'
import { waitUntil } from '../libs/relayer/src/testing/testInfra.js'
import { startTcpGate } from '../libs/store/src/testing/startTcpGate.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = join(root, 'services/cli/bin/relaymesh.js')
const natsUrl = process.env['RELAYMESH_TEST_NATS_URL']
const databaseUrl = process.env['RELAYMESH_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test'
const tag = `sd${process.pid}`
/** deploy/helm/relaymesh/templates/<service>.yaml terminationGracePeriodSeconds. */
const GRACE_SECONDS: Record<string, number> = { watcher: 30, verifier: 60, batcher: 30, settler: 90, api: 30 }
/** Starting a process compiles nothing (the CLI runs dist/), but on two busy cores loading it took over a minute. */
const START_DEADLINE_MS = 5 * 60_000

type Exit = { code: number | null; signal: NodeJS.Signals | null; ms: number }

function exitOf(child: ChildProcess, since = Date.now()): Promise<Exit> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      return resolve({ code: child.exitCode, signal: child.signalCode, ms: 0 })
    child.once('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - since }))
  })
}

const logOf = (file: string) => readFileSync(file, 'utf8')
const waitForLog = (file: string, text: string, timeoutMs = START_DEADLINE_MS) =>
  waitUntil(async () => (logOf(file).includes(text) ? true : undefined), `"${text}" in ${file}`, timeoutMs)

/** Whether `pid` still runs (a zombie has exited: in a container nobody may reap it). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

/** A TCP port nothing listens on (bound, then released). */
async function deadPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number } // reason: a TCP server's address
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('relayer services stop cleanly', () => {
  const dir = mkdtempSync(join(tmpdir(), 'relaymesh-shutdown-'))
  let devnet: DevnetMesh | undefined
  const exited: string[] = []
  const extra: ChildProcess[] = []
  /** Orphans this file made: killed in `after` if a failing test left them running. */
  const orphans: number[] = []
  before(async () => {
    devnet = await startDevnetMesh({
      relayerIds: ['r1'],
      threshold: 1,
      workDir: join(dir, 'devnet'),
      bin,
      env: {
        ...process.env,
        ...(natsUrl ? { RELAYMESH_TEST_NATS_URL: natsUrl } : {}),
        RELAYMESH_SUBJECT_ROOT: tag,
        RELAYMESH_LOG_LEVEL: 'info',
        OTEL_TRACES_EXPORTER: 'none',
      },
      print: () => undefined,
      onProcessExit: (proc, code) => exited.push(`${proc.relayer}/${proc.service} exited ${code}`),
      databasePrefix: `rm_${tag}`,
      streamPrefix: tag.toUpperCase(),
    })
  })
  after(async () => {
    for (const child of extra) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    for (const pid of orphans) if (running(pid)) process.kill(pid, 'SIGKILL')
    await devnet?.stop()
    const admin = new pg.Client({ connectionString: databaseUrl })
    await admin.connect()
    for (const id of ['r1', 'attesters']) await admin.query(`DROP DATABASE IF EXISTS rm_${tag}_${id} WITH (FORCE)`)
    await admin.end()
    rmSync(dir, { recursive: true, force: true })
  })

  test('SIGTERM during traffic: each service exits 0 within its grace period; restarted, every message executes', async (t) => {
    const d = devnet!
    const logFile = (p: RelayerProcess) => p.logFile ?? assert.fail(`${p.service} has no log file`)
    await Promise.all(d.procs.map((p) => waitForLog(logFile(p), 'relaymesh service started')))
    const client = createDemoBridgeClient(d.mesh.bridges, d.api)
    const { ethereum, bsc } = d.mesh.bridges
    const ids: Hex[] = []
    for (const [from, to] of [
      [ethereum, bsc],
      [bsc, ethereum],
      [ethereum, bsc],
      [bsc, ethereum],
    ] as const) {
      const sent = await sendMessage(client, {
        walletClient: from.walletClient,
        destination: to.domain,
        recipient: addressToBytes32(to.addresses.noopRecipient),
        payload: toHex(`shutdown ${ids.length}`),
      })
      ids.push(sent.id)
    }
    // Mid-pipeline: the first message is past observation when every service gets SIGTERM at once.
    await waitUntil(
      async () => (await fetch(`${d.api}/v1/messages/${ids[0]}`)).ok || undefined,
      'the first message observed',
      START_DEADLINE_MS,
    )
    assert.deepEqual(exited, [], 'no process exited on its own before the SIGTERM')
    const signalled = Date.now()
    const exits = d.procs.map((p) => exitOf(p.child, signalled))
    for (const p of d.procs) p.child.kill('SIGTERM')
    const results = await Promise.all(exits)
    t.diagnostic(`stopped after SIGTERM: ${d.procs.map((p, i) => `${p.service} ${results[i]?.ms} ms`).join(', ')}`)
    d.procs.forEach((p, i) => {
      const r = results[i]!
      assert.deepEqual([p.service, r.code, r.signal], [p.service, 0, null], logOf(logFile(p)).slice(-2000))
      assert.ok(r.ms < GRACE_SECONDS[p.service]! * 1000, `${p.service} took ${r.ms} ms`)
      assert.match(logOf(logFile(p)), /"reason":"SIGTERM"[^\n]*"msg":"relaymesh service stopping"/)
      assert.doesNotMatch(logOf(logFile(p)), /still running \d+ ms after the command returned/)
    })

    for (const p of d.procs) d.restart(p)
    for (const id of ids)
      assert.equal((await waitForMessage(client, { id, timeoutMs: START_DEADLINE_MS })).state, 'executed', id)
  })

  test('a watcher whose chains are gone (Solana RPC and WebSocket too) stops on SIGTERM without lingering (its logs socket retrying)', async () => {
    // r1's config with every chain endpoint (EVM and Solana RPCs, WebSocket, beacon API) moved to a port nobody serves.
    const port = await deadPort()
    const config = readFileSync(join(dir, 'devnet', 'r1', 'config.json'), 'utf8').replace(
      /\b(https?|wss?):\/\/127\.0\.0\.1:\d+/g,
      `$1://127.0.0.1:${port}`,
    )
    assert.match(config, new RegExp(`ws://127.0.0.1:${port}`), 'the Solana source has a WebSocket URL')
    writeFileSync(join(dir, 'dead-chains.json'), config)
    const child = spawn(process.execPath, [bin, 'watcher'], {
      env: {
        ...process.env,
        RELAYMESH_CONFIG_FILE: join(dir, 'dead-chains.json'),
        RELAYMESH_SUBJECT_ROOT: tag,
        RELAYMESH_STREAM_PREFIX: tag.toUpperCase(),
        OTEL_TRACES_EXPORTER: 'none',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    extra.push(child)
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const state = await waitUntil(
      async () => {
        if (child.exitCode !== null) return 'exited'
        return output.includes('relaymesh service started') && output.includes('Solana logs socket closed')
          ? 'running'
          : undefined
      },
      'the watcher started and its socket failing',
      START_DEADLINE_MS,
    )
    assert.equal(state, 'running', output.slice(-2000))
    const signalled = Date.now()
    const exit = exitOf(child, signalled)
    child.kill('SIGTERM')
    const r = await exit
    assert.deepEqual([r.code, r.signal], [0, null], output.slice(-2000))
    assert.ok(r.ms < GRACE_SECONDS['watcher']! * 1000, `took ${r.ms} ms`)
    assert.doesNotMatch(output, /still running \d+ ms after the command returned/)
  })

  test('a service started while Postgres does not answer waits for it; stopped while waiting, it exits 0', async () => {
    // The verifier's database behind a gate that hangs up until opened: a Postgres restarting or not yet ready.
    // reason: the devnet's own config file
    const config = JSON.parse(logOf(join(dir, 'devnet', 'r1', 'config.json'))) as { databaseUrl: string }
    const gate = await startTcpGate(config.databaseUrl)
    try {
      const gated = new URL(config.databaseUrl)
      gated.hostname = '127.0.0.1'
      gated.port = String(gate.port)
      const configFile = join(dir, 'gated-config.json')
      writeFileSync(configFile, JSON.stringify({ ...config, databaseUrl: gated.toString() }))
      const start = (name: string) => {
        const log = join(dir, `${name}.log`)
        const child = spawn(process.execPath, [bin, 'verifier'], {
          env: {
            ...process.env,
            RELAYMESH_CONFIG_FILE: configFile,
            RELAYMESH_SUBJECT_ROOT: tag,
            RELAYMESH_STREAM_PREFIX: tag.toUpperCase(),
            OTEL_TRACES_EXPORTER: 'none',
            RELAYMESH_LOG_LEVEL: 'info',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        })
        writeFileSync(log, '')
        child.stdout?.on('data', (chunk: Buffer) => writeFileSync(log, chunk, { flag: 'a' }))
        child.stderr?.on('data', (chunk: Buffer) => writeFileSync(log, chunk, { flag: 'a' }))
        extra.push(child)
        return { child, log }
      }
      // Stopped while it waits: nothing started, exit 0.
      const early = start('gated-stopped')
      await waitForLog(early.log, '"msg":"waiting for Postgres"')
      early.child.kill('SIGTERM')
      assert.deepEqual(
        await exitOf(early.child).then((r) => [r.code, r.signal]),
        [0, null],
        logOf(early.log).slice(-2000),
      )
      assert.doesNotMatch(logOf(early.log), /relaymesh service started/)
      // Waiting when Postgres comes back: it starts, and stops cleanly.
      const late = start('gated-started')
      await waitForLog(late.log, '"msg":"waiting for Postgres"')
      gate.open()
      await waitForLog(late.log, 'relaymesh service started')
      late.child.kill('SIGTERM')
      assert.deepEqual(
        await exitOf(late.child).then((r) => [r.code, r.signal]),
        [0, null],
        logOf(late.log).slice(-2000),
      )
    } finally {
      await gate.close()
    }
  })

  test('a service whose parent dies while it is still starting stops by itself', async () => {
    const log = join(dir, 'orphan-verifier.log')
    // The parent spawns `relaymesh verifier` (naming itself as the parent to outlive), prints its pid and is then
    // SIGKILLed: the child is re-parented before it has even loaded its modules.
    const parentScript =
      `
      const { spawn } = require('node:child_process'); const { openSync } = require('node:fs')
      const fd = openSync(${JSON.stringify(log)}, 'a')
      const child = spawn(process.execPath, [${JSON.stringify(bin)}, 'verifier'], { stdio: ['ignore', fd, fd], ` +
      `env: { ...process.env, RELAYMESH_EXIT_WITH_PARENT: String(process.pid) } })
      console.log(child.pid); setInterval(() => {}, 1000)`
    const parent = spawn(process.execPath, ['-e', parentScript], {
      env: {
        ...process.env,
        RELAYMESH_CONFIG_FILE: join(dir, 'devnet', 'r1', 'config.json'),
        RELAYMESH_SUBJECT_ROOT: tag,
        RELAYMESH_STREAM_PREFIX: tag.toUpperCase(),
        OTEL_TRACES_EXPORTER: 'none',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    extra.push(parent)
    const pid = await new Promise<number>((resolve) =>
      parent.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
    )
    orphans.push(pid)
    parent.kill('SIGKILL')
    await exitOf(parent)
    await waitUntil(
      async () => (running(pid) ? undefined : true),
      `the orphaned verifier ${pid} to exit`,
      START_DEADLINE_MS,
    )
    const output = logOf(log)
    assert.match(output, /"reason":"parent exited"[^\n]*"msg":"relaymesh service stopping"/, output.slice(-2000))
    assert.doesNotMatch(output, /still running \d+ ms after the command returned/)
  })
})
