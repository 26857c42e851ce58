// Crash recovery end to end: three relayers (threshold 2) carry 150 token transfers each way while
// r1's watcher, verifier and settler are SIGKILLed mid-run and restarted with the same config.
// r1 proposes for both destinations, so its settler is the only submitter and executor.
// Every message must still execute exactly once on chain and be stored exactly once per relayer.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { addressToBytes32, decodeMessage } from '@relaymesh/protocol'
import { startLocalMesh, type LocalMesh } from '@relaymesh/devnet/local-mesh'
import { spawnRelayerProcesses, stopProcesses, type RelayerProcess } from '@relaymesh/devnet'
import { createDb, type CreateDbReturnType } from '@relaymesh/store'
import type { Bridge } from '@relaymesh/localchain'
import { crossChainTokenAbi, outboxAbi, settlementInboxAbi } from '@relaymesh/evm-contracts'
import { encodeFunctionData, parseEventLogs, type Hex } from 'viem'
import {
  createTestDatabases,
  TEST_NATS_URL,
  testBusNamespace,
  WAIT_DEADLINE_MS,
  waitUntil,
} from '../libs/relayer/src/testing/testInfra.js'

const PER_ROUTE = 150
const TICKS = 15
const TICK_MS = 650
const AMOUNT = 10n ** 15n
const ids = ['r1', 'r2', 'r3']
const bin = fileURLToPath(new URL('../services/cli/bin/relaymesh.js', import.meta.url))
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

type Sent = { id: Hex; origin: number; destination: number; nonce: bigint }
type InFlightTx = { id: string; kind: string; state: string; chain: number; batchIndex: string; txHash: Hex }

// No suite timeout: seven relayer processes (and three restarts) each compile TypeScript first, tens of seconds
// apiece on busy cores. The runner's per-file budget bounds a hang; every wait below has its own deadline.
describe('relayer crash recovery end to end', () => {
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

  /** SIGKILL r1's `service` (no chance to ack, flush or save), keep it down for `downMs`, start it again. */
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

  before(async () => {
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
  })

  after(async () => {
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
  })

  /**
   * Sends `PER_ROUTE` transfers from `from` to `to`, PER_ROUTE / TICKS every TICK_MS. Signed here with
   * a local nonce and fixed gas: one RPC per transfer keeps the pace on a loaded 2-core machine.
   */
  const sendRoute = async (from: Bridge, to: Bridge, recipient: Hex, start: number): Promise<Hex[]> => {
    assert.ok(mesh)
    const { sender } = mesh
    const client = from.chain.publicClient
    const data = encodeFunctionData({
      abi: crossChainTokenAbi,
      functionName: 'transferRemote',
      args: [to.domain, recipient, AMOUNT],
    })
    const gas = (await client.estimateGas({ account: sender.address, to: from.addresses.token, data })) * 2n
    const fees = await client.estimateFeesPerGas()
    let nonce = await client.getTransactionCount({ address: sender.address, blockTag: 'pending' })
    const hashes: Hex[] = []
    for (let tick = 0; tick < TICKS; tick++) {
      for (let i = 0; i < PER_ROUTE / TICKS; i++) {
        const raw = await sender.signTransaction({
          chainId: from.domain,
          type: 'eip1559',
          nonce: nonce++,
          to: from.addresses.token,
          data,
          gas,
          maxFeePerGas: fees.maxFeePerGas * 4n,
          maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
        })
        hashes.push(await client.sendRawTransaction({ serializedTransaction: raw }))
      }
      await sleep(start + (tick + 1) * TICK_MS - Date.now())
    }
    return hashes
  }

  /** The first of r1's transactions that is persisted but not yet mined (preferring a submitBatch), polled until `deadline`. */
  const waitForInFlightTx = async (deadline: number): Promise<InFlightTx | undefined> => {
    const sql = `SELECT id::text, kind::text, state::text, chain::int AS chain, batch_index::text AS "batchIndex", '0x' || encode(tx_hash, 'hex') AS "txHash"
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

  /** Resolves once every service holds its database connection (context built, migrations applied). */
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

  /** The messages the given transfers dispatched, from their receipts. */
  const dispatchedBy = async (chain: Bridge, hashes: Hex[]): Promise<Sent[]> => {
    const sent: Sent[] = []
    for (const hash of hashes) {
      const receipt = await chain.chain.publicClient.waitForTransactionReceipt({ hash })
      const [dispatch] = parseEventLogs({ abi: outboxAbi, logs: receipt.logs, eventName: 'Dispatch' })
      assert.ok(dispatch, 'transferRemote emits Dispatch')
      const m = decodeMessage(dispatch.args.message)
      sent.push({ id: dispatch.args.id, origin: m.origin, destination: m.destination, nonce: m.nonce })
    }
    return sent
  }

  /** Across every block of both inboxes: one MessageExecuted per message and nothing else; each batch index submitted once. */
  const assertExecutedOnceOnChain = async (sent: Sent[]): Promise<void> => {
    assert.ok(mesh)
    const { ethereum, bsc } = mesh.bridges
    for (const [bridge, origin] of [
      [bsc, ethereum.domain],
      [ethereum, bsc.domain],
    ] as const) {
      const mine = sent.filter((s) => s.origin === origin)
      const client = bridge.chain.publicClient
      const range = {
        address: bridge.addresses.inbox,
        abi: settlementInboxAbi,
        fromBlock: 0n,
        toBlock: 'latest',
      } as const
      const [executed, failed, submitted] = await Promise.all([
        client.getContractEvents({ ...range, eventName: 'MessageExecuted' }),
        client.getContractEvents({ ...range, eventName: 'MessageFailed' }),
        client.getContractEvents({ ...range, eventName: 'BatchSubmitted' }),
      ])
      const perId = new Map<string, number>()
      for (const e of executed) perId.set(e.args.id as string, (perId.get(e.args.id as string) ?? 0) + 1) // reason: id is indexed, always decoded
      assert.equal(executed.length, PER_ROUTE, `${bridge.domain}: exactly ${PER_ROUTE} MessageExecuted events`)
      for (const s of mine) assert.equal(perId.get(s.id), 1, `${s.id} executed exactly once on ${bridge.domain}`)
      assert.equal(failed.length, 0, `${bridge.domain}: no MessageFailed`)
      for (const s of mine)
        assert.equal(await bridge.inbox.read.isExecuted([s.origin, s.nonce]), true, `${s.origin}/${s.nonce} isExecuted`)

      // Each batch index submitted once, in order, and each message settled in exactly one batch.
      const indexes = submitted.map((e) => e.args.batchIndex as bigint) // reason: indexed, always decoded
      assert.deepEqual(
        indexes,
        indexes.map((_, i) => BigInt(i)),
        `${bridge.domain}: BatchSubmitted once per index, contiguous`,
      )
      const carried = submitted.reduce((n, e) => n + (e.args.messageCount ?? 0), 0)
      assert.equal(carried, PER_ROUTE, `${bridge.domain}: the submitted batches carry each message once`)
    }
  }

  /** Every relayer's own database: each message once, executed; nothing else stored. */
  const assertStoredOnceEverywhere = async (sent: Sent[]): Promise<void> => {
    const expected = new Set(sent.map((s) => s.id.slice(2)))
    for (const id of ids) {
      await waitUntil(async () => {
        const [row] = await query<{ n: number }>(id, `SELECT count(*)::int AS n FROM messages WHERE state = 'executed'`)
        return row?.n === 2 * PER_ROUTE ? true : undefined
      }, `${id} sees every message executed`)
      const rows = await query<{ id: string; state: string }>(
        id,
        `SELECT encode(id, 'hex') AS id, state::text FROM messages`,
      )
      assert.equal(rows.length, 2 * PER_ROUTE, `${id} holds ${2 * PER_ROUTE} message rows`)
      assert.equal(new Set(rows.map((r) => r.id)).size, rows.length, `${id} holds no duplicate rows`)
      for (const r of rows) assert.ok(expected.has(r.id), `${id} stores only dispatched messages (0x${r.id})`)
      assert.deepEqual([...new Set(rows.map((r) => r.state))], ['executed'], `${id}: every message executed`)
    }
  }

  /** The only submitter never signed a second transaction for a batch, and every tx it signed completed. */
  const assertNoDoubleSubmission = async (inFlight: InFlightTx | undefined): Promise<void> => {
    assert.ok(mesh)
    const { ethereum, bsc } = mesh.bridges
    const doubles = await query(
      'r1',
      `SELECT chain, batch_index, count(DISTINCT nonce)::int AS nonces FROM outgoing_txs WHERE kind = 'submitBatch'
        GROUP BY chain, batch_index HAVING count(DISTINCT nonce) > 1`,
    )
    assert.deepEqual(doubles, [], 'r1 signed each submitBatch under one nonce')
    const txStates = await waitUntil(async () => {
      const rows = await query<{ state: string; n: number }>(
        'r1',
        `SELECT state::text, count(*)::int AS n FROM outgoing_txs GROUP BY state`,
      )
      return rows.some((r) => r.state === 'signed' || r.state === 'sent') ? undefined : rows
    }, 'r1 has no transaction in flight')
    assert.deepEqual(
      txStates.filter((r) => r.state !== 'mined' && r.state !== 'replaced'),
      [],
      'no r1 transaction failed',
    )
    if (inFlight) {
      // The tx in flight at the crash was completed from its stored bytes, not signed anew.
      const [row] = await query<{ state: string }>('r1', `SELECT state::text FROM outgoing_txs WHERE id = $1`, [
        inFlight.id,
      ])
      assert.equal(row?.state, 'mined', `the ${inFlight.kind} in flight at the settler crash ended mined`)
      const chain = [ethereum, bsc].find((b) => b.domain === inFlight.chain)
      assert.ok(chain, `the in-flight tx was for a mesh chain (${inFlight.chain})`)
      const receipt = await chain.chain.publicClient.getTransactionReceipt({ hash: inFlight.txHash })
      assert.equal(receipt.status, 'success', 'its stored transaction is the one that landed')
    }
  }

  test('SIGKILL of watcher, verifier and settler mid-run: every message executed exactly once, stored once', async (t) => {
    assert.ok(mesh)
    const { ethereum, bsc } = mesh.bridges
    const alice = addressToBytes32('0x00000000000000000000000000000000000a11ce')
    const bob = addressToBytes32('0x0000000000000000000000000000000000000b0b')

    await waitForServices()

    // Traffic for ~10 s; crashes at different moments while it flows.
    const start = Date.now()
    const crashes: string[] = []
    let inFlight: InFlightTx | undefined
    const chaos = async () => {
      const at = () => `+${Date.now() - start} ms`
      // The settler first, when it holds a submitBatch signed and not yet mined (any tx in flight, failing that):
      // restarts are slow on a loaded machine, and its work only starts once the pipeline delivers batches.
      await sleep(start + 1_500 - Date.now())
      inFlight = await waitForInFlightTx(start + 20_000)
      crashes.push(
        `settler killed at ${at()} with ${inFlight ? `${inFlight.kind} ${inFlight.state} (batch ${inFlight.batchIndex} to ${inFlight.chain})` : 'nothing'} in flight`,
      )
      const settler = crashAndRestart('settler', 1_000)
      await sleep(Math.max(1_000, start + 5_000 - Date.now()))
      crashes.push(`watcher killed at ${at()}`)
      const watcher = crashAndRestart('watcher', 1_000)
      await sleep(Math.max(1_500, start + 7_500 - Date.now()))
      crashes.push(`verifier killed at ${at()}`)
      await Promise.all([settler, watcher, crashAndRestart('verifier', 1_000)])
    }
    const [ethHashes, bscHashes] = await Promise.all([
      sendRoute(ethereum, bsc, alice, start),
      sendRoute(bsc, ethereum, bob, start),
      chaos(),
    ])
    t.diagnostic(`sent ${2 * PER_ROUTE} in ${Date.now() - start} ms; ${crashes.join('; ')}`)
    assert.ok(ethHashes && bscHashes)

    const sent = [...(await dispatchedBy(ethereum, ethHashes)), ...(await dispatchedBy(bsc, bscHashes))]
    assert.equal(new Set(sent.map((s) => s.id)).size, 2 * PER_ROUTE, 'every dispatch has its own id')

    // Totals first: each recipient credited exactly PER_ROUTE times.
    const settled = await waitUntil(
      async () => {
        if (unexpectedExits.length > 0) return 'crashed' as const
        const [a, b] = await Promise.all([
          bsc.token.read.balanceOf([`0x${alice.slice(26)}`]),
          ethereum.token.read.balanceOf([`0x${bob.slice(26)}`]),
        ])
        return a === AMOUNT * BigInt(PER_ROUTE) && b === AMOUNT * BigInt(PER_ROUTE) ? ('ok' as const) : undefined
      },
      'both recipients credited 150 times',
      WAIT_DEADLINE_MS,
      250,
    )
    assert.deepEqual(unexpectedExits, [], 'no service exited unless we killed it')
    assert.equal(settled, 'ok')
    t.diagnostic(`all executed on chain ${Date.now() - start} ms after traffic started`)
    const [hops] = await query<Record<string, number>>(
      'r1',
      `SELECT ${['observed', 'verified', 'batched', 'settled', 'executed']
        .map((h) => `round(extract(epoch from max(${h}_at)) * 1000 - $1) AS ${h}`)
        .join(', ')} FROM messages`,
      [start],
    )
    t.diagnostic(`r1 last hop times (ms after start): ${JSON.stringify(hops)}`)

    await assertExecutedOnceOnChain(sent)
    await assertStoredOnceEverywhere(sent)
    await assertNoDoubleSubmission(inFlight)
    assert.deepEqual(unexpectedExits, [], 'no service exited unless we killed it')
  })
})
