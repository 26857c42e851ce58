// The product end to end: three independent relayers (threshold 2) move 200 token transfers
// Ethereum -> BSC and 200 BSC -> Ethereum over real anvil chains, the real NATS and Postgres.
// Relayer r1 runs every service as its own process; r2 and r3 run `relaymesh all`.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { addressToBytes32, decodeMessage } from '@relaymesh/protocol'
import { messageTraceId } from '@relaymesh/relayer'
import { spawnRelayerProcesses, stopProcesses, type RelayerProcess } from '@relaymesh/devnet'
import { startLocalMesh, type LocalMesh } from '@relaymesh/devnet/local-mesh'
import { countMessagesByState, createDb } from '@relaymesh/store'
import { startOtlpReceiver, type OtlpReceiver } from '@relaymesh/telemetry/testing'
import { parseEventLogs, type Hex } from 'viem'
import { outboxAbi } from '@relaymesh/evm-contracts'
import {
  createTestDatabases,
  TEST_NATS_URL,
  testBusNamespace,
  WAIT_DEADLINE_MS,
  waitUntil,
} from '../libs/relayer/src/testing/testInfra.js'
import { freePort } from './infra.mjs'
import { meshTraceProblems } from './meshTraceProblems.js'

const PER_ROUTE = 200
const AMOUNT = 10n ** 15n
const bin = fileURLToPath(new URL('../services/cli/bin/relaymesh.js', import.meta.url))

// No suite timeout: relayer processes compile TypeScript first, tens of seconds apiece on busy cores. The runner's
// per-file budget bounds a hang; every wait below has its own deadline.
describe('relayer pipeline end to end', () => {
  let mesh: LocalMesh
  let dbs: Awaited<ReturnType<typeof createTestDatabases>>
  let receiver: OtlpReceiver
  let procs: RelayerProcess[] = []
  const ns = testBusNamespace()
  const dir = mkdtempSync(join(tmpdir(), 'relaymesh-e2e-'))
  const ids = ['r1', 'r2', 'r3']

  before(async () => {
    receiver = await startOtlpReceiver()
    dbs = await createTestDatabases(ids)
    // Light-client verification on both sources: the devnet beacon signer (Ethereum sync committee) and the devnet
    // Parlia node (BSC).
    mesh = await startLocalMesh({
      relayerIds: ids,
      threshold: 2,
      databaseUrl: dbs.url,
      natsUrl: TEST_NATS_URL,
      blockTime: 0.25,
      confirmations: 2,
      ethereumFinality: { kind: 'light-client' },
      bscFinality: { kind: 'parlia', epochLength: 20 },
    })
    for (const r of mesh.relayers) r.config.api = { host: '127.0.0.1', port: await freePort() }
    procs = spawnRelayerProcesses({
      relayers: mesh.relayers,
      dir,
      bin,
      env: {
        ...process.env,
        RELAYMESH_LOG_LEVEL: 'warn',
        RELAYMESH_SUBJECT_ROOT: ns.subjectRoot,
        RELAYMESH_STREAM_PREFIX: ns.streamPrefix,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_BSP_SCHEDULE_DELAY: '200',
        OTEL_TRACES_SAMPLER_ARG: '1', // every trace (the default keeps 1 in 100)
      },
      onExit: () => undefined,
    })
  })

  after(async () => {
    await stopProcesses(procs)
    await mesh?.stop()
    await dbs?.drop()
    await ns.cleanup()
    await receiver?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  test('200 messages each way: all executed once, recipients credited, one complete trace each', async () => {
    const { ethereum, bsc } = mesh.bridges
    const alice = addressToBytes32('0x00000000000000000000000000000000000a11ce')
    const bob = addressToBytes32('0x0000000000000000000000000000000000000b0b')
    const sent: { hash: Hex; chain: 'ethereum' | 'bsc' }[] = []
    for (let i = 0; i < PER_ROUTE; i++) {
      sent.push({
        chain: 'ethereum',
        hash: await ethereum.token.write.transferRemote([bsc.domain, alice, AMOUNT], { account: mesh.sender }),
      })
      sent.push({
        chain: 'bsc',
        hash: await bsc.token.write.transferRemote([ethereum.domain, bob, AMOUNT], { account: mesh.sender }),
      })
    }
    const messageIds: Hex[] = []
    const messages = []
    for (const { hash, chain } of sent) {
      const receipt = await mesh.chains[chain].publicClient.waitForTransactionReceipt({ hash })
      const [dispatch] = parseEventLogs({ abi: outboxAbi, logs: receipt.logs, eventName: 'Dispatch' })
      assert.ok(dispatch, 'transferRemote emits Dispatch')
      messageIds.push(dispatch.args.id)
      messages.push(decodeMessage(dispatch.args.message))
    }

    // Totals first: every recipient credited exactly once on chain.
    await waitUntil(
      async () => {
        const [a, b] = await Promise.all([
          bsc.token.read.balanceOf([`0x${alice.slice(26)}`]),
          ethereum.token.read.balanceOf([`0x${bob.slice(26)}`]),
        ])
        return a === AMOUNT * BigInt(PER_ROUTE) && b === AMOUNT * BigInt(PER_ROUTE) ? true : undefined
      },
      'both recipients credited 200 times',
      WAIT_DEADLINE_MS,
      500,
    )
    for (const m of messages) {
      const inbox = m.destination === bsc.domain ? bsc.inbox : ethereum.inbox
      assert.equal(await inbox.read.isExecuted([m.origin, m.nonce]), true, `message ${m.origin}/${m.nonce} executed`)
    }

    // Every relayer's own database agrees: 400 executed, no duplicates, nothing rejected.
    for (const id of ids) {
      const store = createDb({ connectionString: dbs.url(id), max: 1 })
      const counts = await waitUntil(async () => {
        const c = await countMessagesByState(store.db, {})
        return c.executed === 2 * PER_ROUTE ? c : undefined
      }, `${id} sees every message executed`)
      const total = Object.values(counts).reduce((a, b) => a + b, 0)
      assert.equal(total, 2 * PER_ROUTE, `${id} holds each message once`)
      const labels = await store.pool.query<{ verification: string; n: string }>(
        'SELECT verification, count(*) AS n FROM messages GROUP BY 1',
      )
      assert.deepEqual(
        labels.rows.map((r) => [r.verification, Number(r.n)]),
        [['light-client', 2 * PER_ROUTE]],
        `${id}: every message verified by a light client`,
      )
      await store.close()
    }

    // An operator reads two messages on r2's API: the requests join those messages' traces.
    const looked = messageIds.slice(0, 2)
    for (const id of looked)
      assert.equal((await fetch(`http://127.0.0.1:${mesh.relayers[1]?.config.api.port}/v1/messages/${id}`)).status, 200)

    // One trace per message, holding every hop, across processes and relayers.
    await stopProcesses(procs)
    const spans = receiver.spans()
    // Exported as OTLP/protobuf (the default), all decoded.
    assert.deepEqual([Object.keys(receiver.requests()), receiver.rejected()], [['application/x-protobuf'], []])
    // Every trace one rooted tree, no ERROR in an executed message's trace, names and attributes as the guide's table.
    assert.deepEqual(meshTraceProblems(spans, { executedIds: messageIds }), [])
    const waits = spans.filter(
      (s) => s.name === 'relaymesh.verify.bundle' && s.attributes['relaymesh.wait.reason'] === 'BLOCK_NOT_FINAL',
    )
    assert.ok(
      waits.length > 0 && waits.every((s) => s.status.code !== 2 && s.events.some((e) => e.name === 'relaymesh.wait')),
      'waiting for finality happened, as OK spans with a wait event',
    )
    console.log(
      `# ${spans.length} spans in ${new Set(spans.map((s) => s.traceId)).size} traces, each one rooted tree; ` +
        `${waits.length} finality waits recorded as OK spans`,
    )
    for (const id of looked) {
      const api = spans.filter((s) => s.name === 'relaymesh.api.message' && s.attributes['relaymesh.message.id'] === id)
      assert.deepEqual(
        api.map((s) => [s.traceId, s.resource['relaymesh.relayer.id']]),
        [[messageTraceId(id), 'r2']],
        `${id}: one API span in its trace`,
      )
    }
    for (const id of messageIds) {
      const mine = spans.filter((s) => s.attributes['relaymesh.message.id'] === id)
      const traces = new Set(mine.map((s) => s.traceId))
      assert.deepEqual([...traces], [messageTraceId(id)], `message ${id} has one trace`)
      const names = new Set(mine.map((s) => s.name))
      for (const hop of [
        'relaymesh.message',
        'relaymesh.observe',
        'relaymesh.verify',
        'relaymesh.batch.message',
        'relaymesh.settle',
        'relaymesh.execute',
      ]) {
        assert.ok(names.has(hop), `message ${id} trace has ${hop} (has ${[...names].join(', ')})`)
      }
    }
  })
})
