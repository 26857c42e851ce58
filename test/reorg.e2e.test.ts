// Reorg end to end: one relayer (threshold 1, `relaymesh all`) with the Ethereum stand-in mined by
// hand and finality at 3 confirmations. Message A is dispatched in block N and B in block N+1; an
// `anvil_reorg` of depth 2 replaces both blocks and re-includes only B's call, which takes A's Outbox
// nonce and so becomes a new message B'. A lagging watcher's bundles for the orphaned blocks are then
// published to the relayer's bundle stream. A and B must never be stored, settled or executed; B' must.
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { connectBus, createBusCatalogue, publish, type PublishReturnType } from '@relaymesh/bus'
import { addressToBytes32, bytesToHex, decodeMessage } from '@relaymesh/protocol'
import {
  buildBlockBundleWires,
  bundleMsgId,
  encodedBundleCodec,
  type BlockBundleWire,
  type BuildBlockBundleWiresParameters,
} from '@relaymesh/relayer'
import { startLocalMesh, type LocalMesh } from '@relaymesh/devnet/local-mesh'
import { stopProcesses, type RelayerProcess } from '@relaymesh/devnet'
import { createDb, type CreateDbReturnType } from '@relaymesh/store'
import { crossChainTokenAbi, outboxAbi, settlementInboxAbi } from '@relaymesh/evm-contracts'
import { encodeFunctionData, numberToHex, parseEventLogs, type Hex, type TransactionReceipt } from 'viem'
import {
  createTestDatabases,
  TEST_NATS_URL,
  testBusNamespace,
  WAIT_DEADLINE_MS,
  waitUntil,
} from '../libs/relayer/src/testing/testInfra.js'

const CONFIRMATIONS = 3
const GAS = 500_000n
const bin = fileURLToPath(new URL('../services/cli/bin/relaymesh.js', import.meta.url))

type Dispatched = { id: Hex; nonce: bigint; block: bigint; blockHash: Hex }
type RawRpc = (args: { method: string; params: unknown[] }) => Promise<unknown>

// No suite timeout: the relayer process compiles TypeScript first, tens of seconds on busy cores. The runner's
// per-file budget bounds a hang; every wait below has its own deadline.
describe('relayer under a source-chain reorg end to end', () => {
  let mesh: LocalMesh | undefined
  let dbs: Awaited<ReturnType<typeof createTestDatabases>> | undefined
  let store: CreateDbReturnType | undefined
  let proc: RelayerProcess | undefined
  let stderr = ''
  let exitedEarly: string | undefined
  const ns = testBusNamespace()
  const dir = mkdtempSync(join(tmpdir(), 'relaymesh-reorg-'))

  before(async () => {
    dbs = await createTestDatabases(['r1'])
    mesh = await startLocalMesh({
      relayerIds: ['r1'],
      threshold: 1,
      databaseUrl: dbs.url,
      natsUrl: TEST_NATS_URL,
      blockTime: 0.25,
      confirmations: CONFIRMATIONS,
    })
    store = createDb({ connectionString: dbs.url('r1'), max: 2, applicationName: 'reorg-test' })
    // From here on the test alone makes Ethereum blocks (BSC, the destination, keeps mining every 250 ms).
    await mesh.chains.ethereum.testClient.setIntervalMining({ interval: 0 })
    await mesh.chains.ethereum.testClient.setAutomine(false)

    const [relayer] = mesh.relayers
    assert.ok(relayer)
    relayer.config.api = { host: '127.0.0.1', port: 0 }
    mkdirSync(join(dir, 'r1'))
    writeFileSync(
      join(dir, 'r1', 'config.json'),
      JSON.stringify(relayer.config, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
    )
    writeFileSync(join(dir, 'r1', 'relayer.key'), relayer.privateKey, { mode: 0o600 })
    const child: ChildProcess = spawn(process.execPath, [bin, 'all'], {
      env: {
        ...process.env,
        RELAYMESH_CONFIG_FILE: join(dir, 'r1', 'config.json'),
        RELAYMESH_RELAYER_KEY_FILE: join(dir, 'r1', 'relayer.key'),
        RELAYMESH_LOG_LEVEL: 'warn',
        RELAYMESH_SUBJECT_ROOT: ns.subjectRoot,
        RELAYMESH_STREAM_PREFIX: ns.streamPrefix,
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)))
    child.on(
      'exit',
      (code, signal) => (exitedEarly ??= `relaymesh all exited (code ${code}, signal ${signal}): ${stderr}`),
    )
    proc = { relayer: 'r1', service: 'all', child }
  })

  after(async () => {
    const steps: Array<() => Promise<unknown>> = [
      async () => {
        exitedEarly ??= 'stopped'
        if (proc) await stopProcesses([proc])
      },
      async () => store?.close(),
      async () => mesh?.stop(),
      async () => dbs?.drop(),
      () => ns.cleanup(),
    ]
    for (const step of steps) await step().catch((error: unknown) => console.error('cleanup step failed', error))
    rmSync(dir, { recursive: true, force: true })
  })

  const query = async <R extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<R[]> => {
    assert.ok(store)
    return (await store.pool.query<R>(text, params)).rows
  }

  const dispatchOf = (receipt: TransactionReceipt): Dispatched => {
    const [log] = parseEventLogs({ abi: outboxAbi, logs: receipt.logs, eventName: 'Dispatch' })
    assert.ok(log, `tx ${receipt.transactionHash} dispatched a message`)
    return {
      id: log.args.id,
      nonce: decodeMessage(log.args.message).nonce,
      block: receipt.blockNumber,
      blockHash: receipt.blockHash,
    }
  }

  /** Bundles for `blockHashes` built exactly as a watcher builds them: raw block and receipts from the RPC. */
  const buildStaleBundles = async (blockHashes: Hex[]): Promise<BlockBundleWire[]> => {
    assert.ok(mesh)
    const origin = mesh.bridges.ethereum.domain
    // reason: raw block methods return RPC JSON, not viem's types
    const rpc = mesh.chains.ethereum.publicClient.request as unknown as RawRpc
    const bundles: BlockBundleWire[] = []
    for (const hash of blockHashes) {
      const block = (await rpc({
        method: 'eth_getBlockByHash',
        params: [hash, false],
      })) as BuildBlockBundleWiresParameters['block'] // reason: raw RPC result
      const receipts = (await rpc({
        method: 'eth_getBlockReceipts',
        params: [hash],
      })) as BuildBlockBundleWiresParameters['receipts'] // reason: raw RPC result
      const outbox = mesh.bridges.ethereum.addresses.outbox.toLowerCase() as Hex // reason: lower-casing keeps it hex
      bundles.push(...buildBlockBundleWires({ origin, outbox, block, receipts, maxBytes: 512 * 1024, now: Date.now() }))
    }
    return bundles
  }

  /** Publishes to r1's bundle stream, as a lagging watcher of r1 would. */
  const publishStaleBundles = async (bundles: BlockBundleWire[]): Promise<void> => {
    assert.ok(mesh)
    const bus = await connectBus({ servers: TEST_NATS_URL, name: 'reorg-test' })
    try {
      const catalogue = createBusCatalogue({
        relayerId: 'r1',
        subjectRoot: ns.subjectRoot,
        streamPrefix: ns.streamPrefix,
      })
      const subject = catalogue.subjects.bundles(String(mesh.bridges.ethereum.domain))
      for (const bundle of bundles) {
        const ack: PublishReturnType = await publish(bus, subject, bundle.bytes, {
          codec: encodedBundleCodec,
          msgId: bundleMsgId(bundle),
        })
        assert.equal(ack.duplicate, false, 'the stale bundle reached the stream')
      }
    } finally {
      await bus.close()
    }
  }

  /** r1's state for a failure report: what the relayer stored and refused. */
  const snapshot = async (): Promise<string> => {
    const tables = {
      messages:
        `SELECT '0x' || encode(id, 'hex') AS id, origin, nonce::text, state::text, ` +
        `source_block_number::text AS block FROM messages`,
      rejections: `SELECT stage, reason_code, '0x' || encode(message_id, 'hex') AS id, details FROM rejections`,
      batches: `SELECT destination, batch_index::text, state::text, message_count FROM batches`,
      cursors: `SELECT chain, name, block_number::text FROM chain_cursors`,
    }
    const parts = await Promise.all(
      Object.entries(tables).map(async ([name, sql]) => `${name}: ${JSON.stringify(await query(sql).catch(String))}`),
    )
    return [...parts, `relayer stderr: ${stderr.slice(-1500)}`].join('\n')
  }

  test('messages from orphaned blocks never settle; the re-included one does', async (t) => {
    try {
      await orphansNeverSettle(t)
    } catch (error) {
      t.diagnostic(await snapshot())
      throw error
    }
  })

  const orphansNeverSettle = async (t: { diagnostic(message: string): void }): Promise<void> => {
    assert.ok(mesh)
    const { ethereum, bsc } = mesh.bridges
    const eth = mesh.chains.ethereum
    const rpc = eth.publicClient.request as unknown as RawRpc // reason: anvil_reorg is not in viem's typed schema
    const sender = mesh.sender
    const mine = async (blocks: number) => eth.testClient.mine({ blocks })
    const started = Date.now()

    // The relayer is up and following Ethereum at its finality depth.
    await mine(CONFIRMATIONS + 1)
    await waitUntil(
      async () => {
        if (exitedEarly) throw new Error(exitedEarly)
        const head = await eth.publicClient.getBlockNumber()
        const [cursor] = await query<{ n: string }>(
          `SELECT block_number::text AS n FROM chain_cursors WHERE chain = $1 AND name = 'watcher'`,
          [ethereum.domain],
        )
        return cursor && BigInt(cursor.n) === head - BigInt(CONFIRMATIONS) ? true : undefined
      },
      'the Ethereum watcher caught up with the head',
      WAIT_DEADLINE_MS,
      100,
    )

    // A in block N, B in block N+1; nothing is final yet (head N+1 < N + 3).
    const alice = addressToBytes32('0x00000000000000000000000000000000000a11ce')
    const bob = addressToBytes32('0x0000000000000000000000000000000000000b0b')
    const call = (recipient: Hex, amount: bigint) => ({
      to: ethereum.addresses.token,
      gas: GAS,
      data: encodeFunctionData({
        abi: crossChainTokenAbi,
        functionName: 'transferRemote',
        args: [bsc.domain, recipient, amount],
      }),
    })
    const callA = call(alice, 1_000n)
    const callB = call(bob, 2_000n)
    const sendAndMine = async (c: typeof callA) => {
      const hash = await eth.walletClientFor(sender).sendTransaction({ account: sender, ...c })
      await mine(1)
      return dispatchOf(await eth.publicClient.getTransactionReceipt({ hash }))
    }
    const a = await sendAndMine(callA)
    const b = await sendAndMine(callB)
    assert.equal(b.block, a.block + 1n, 'A and B in consecutive blocks')
    assert.equal(b.nonce, a.nonce + 1n)

    // What a lagging watcher built for the blocks that are about to be orphaned.
    const staleBundles = await buildStaleBundles([a.blockHash, b.blockHash])
    assert.deepEqual(
      staleBundles.map((s) => s.messageIds.map((id) => bytesToHex(id))),
      [[a.id], [b.id]],
      'one stale bundle per orphaned message',
    )

    // Replace blocks N and N+1; B's call is re-included in the new block N and takes A's nonce.
    await rpc({ method: 'anvil_reorg', params: [2, [[{ from: sender.address, ...callB, gas: numberToHex(GAS) }, 0]]] })
    const newN = await eth.publicClient.getBlock({ blockNumber: a.block })
    assert.notEqual(newN.hash, a.blockHash, 'block N was replaced')
    assert.equal(newN.transactions.length, 1, 'the new block N holds only the re-included call')
    // reason: length checked above
    const bPrime = dispatchOf(await eth.publicClient.getTransactionReceipt({ hash: newN.transactions[0] as Hex }))
    assert.equal(bPrime.nonce, a.nonce, "B' reuses A's Outbox nonce")
    assert.ok(bPrime.id !== a.id && bPrime.id !== b.id, "B' is a new message id")
    assert.equal(await eth.publicClient.getBlockNumber(), b.block, 'the reorg kept the head height')

    // The lagging watcher publishes now; then the chain grows past the finality depth.
    await publishStaleBundles(staleBundles)
    await mine(CONFIRMATIONS + 2)

    // Totals first: B' delivered (bob credited), the orphaned bundles refused as not canonical.
    await waitUntil(
      async () => {
        if (exitedEarly) throw new Error(exitedEarly)
        return (await bsc.token.read.balanceOf([`0x${bob.slice(26)}`])) === 2_000n ? true : undefined
      },
      "B' executed on BSC",
      WAIT_DEADLINE_MS,
      250,
    )
    const rejected = await waitUntil(async () => {
      const rows = await query<{ id: string; stage: string; code: string; blockHash: string }>(
        `SELECT '0x' || encode(message_id, 'hex') AS id, stage, reason_code AS code, '0x' || encode(block_hash, ` +
          `'hex') AS "blockHash" FROM rejections`,
      )
      return rows.length >= 2 ? rows : undefined
    }, 'the orphaned bundles rejected')
    t.diagnostic(`B' executed and the orphans rejected ${Date.now() - started} ms after the test started`)
    assert.deepEqual(
      rejected.map((r) => [r.id, r.stage, r.code, r.blockHash]).sort(),
      [
        [a.id, 'verify', 'BLOCK_NOT_CANONICAL', a.blockHash],
        [b.id, 'verify', 'BLOCK_NOT_CANONICAL', b.blockHash],
      ].sort(),
      'A and B (and nothing else) rejected as BLOCK_NOT_CANONICAL against their orphaned blocks',
    )

    // The database: B' alone, executed, from the new block N; A and B never stored in any state.
    const rows = await waitUntil(async () => {
      const r = await query<{ id: string; state: string; blockHash: string; nonce: string }>(
        `SELECT '0x' || encode(id, 'hex') AS id, state::text, '0x' || encode(source_block_hash, 'hex') AS ` +
          `"blockHash", nonce::text FROM messages`,
      )
      return r.every((m) => m.state === 'executed') ? r : undefined
    }, 'every stored message executed')
    assert.deepEqual(
      rows,
      [{ id: bPrime.id, state: 'executed', blockHash: newN.hash, nonce: a.nonce.toString() }],
      "only B' is stored, executed",
    )

    // On chain, across every block of the BSC inbox: B' executed once; A and B never.
    const range = { address: bsc.addresses.inbox, abi: settlementInboxAbi, fromBlock: 0n, toBlock: 'latest' } as const
    const executed = await bsc.chain.publicClient.getContractEvents({ ...range, eventName: 'MessageExecuted' })
    assert.deepEqual(
      executed.map((e) => e.args.id),
      [bPrime.id],
      "MessageExecuted only for B'",
    )
    const submitted = await bsc.chain.publicClient.getContractEvents({ ...range, eventName: 'BatchSubmitted' })
    assert.deepEqual(
      submitted.map((e) => e.args.messageCount),
      [1],
      "one batch settled, carrying B' alone",
    )
    assert.equal(await bsc.token.read.balanceOf([`0x${alice.slice(26)}`]), 0n, 'A was never credited')
    // (origin, nonce) is the replay key: A's nonce is executed because B' reused it; B's nonce was never dispatched
    // again.
    assert.equal(await bsc.inbox.read.isExecuted([ethereum.domain, a.nonce]), true, "A's nonce executed, as B'")
    assert.equal(await bsc.inbox.read.isExecuted([ethereum.domain, b.nonce]), false, "B's nonce never executed")
    assert.equal(exitedEarly, undefined, 'the relayer kept running')
  }
})
