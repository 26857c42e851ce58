// Solana as a source end to end: the local Solana chain and its development committee,
// the two anvil chains, three relayers (threshold 2, one process each running every service);
// 200 messages Solana -> Ethereum and 200 Solana -> BSC sent with @solana/web3.js v1.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import { addressToBytes32, domains, type Hex } from '@relaymesh/protocol'
import { messageTraceId } from '@relaymesh/relayer'
import { spawnRelayerProcesses, stopProcesses, type RelayerProcess } from '@relaymesh/devnet'
import { startLocalMesh, type LocalMesh } from '@relaymesh/devnet/local-mesh'
import { createSolanaConnection, getSolanaMessageIds, Keypair, sendSolanaMessage } from '@relaymesh/solana/web3'
import { startOtlpReceiver, type OtlpReceiver } from '@relaymesh/telemetry/testing'
import pg from 'pg'
import { startLocalSolanaSource, type LocalSolanaSource } from '@relaymesh/devnet/solana'
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
const bin = fileURLToPath(new URL('../services/cli/bin/relaymesh.js', import.meta.url))

async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++
        out[i] = await fn(items[i] as T, i) // reason: i < length
      }
    }),
  )
  return out
}

// No suite timeout: relayer processes compile TypeScript first, tens of seconds apiece on busy cores. The runner's
// per-file budget bounds a hang; every wait below has its own deadline.
describe('Solana source end to end', () => {
  let mesh: LocalMesh
  let solana: LocalSolanaSource
  let dbs: Awaited<ReturnType<typeof createTestDatabases>>
  let receiver: OtlpReceiver
  let procs: RelayerProcess[] = []
  const ns = testBusNamespace()
  const dir = mkdtempSync(join(tmpdir(), 'relaymesh-solana-e2e-'))
  const ids = ['r1', 'r2', 'r3']

  before(async () => {
    receiver = await startOtlpReceiver()
    dbs = await createTestDatabases([...ids, 'attesters'])
    // The committee is the production attester service (one per key, their records in their own database).
    solana = await startLocalSolanaSource({
      slotMs: 100,
      finalizedLag: 8,
      slotsPerEpoch: 300,
      attesterDatabaseUrl: dbs.url('attesters'),
    })
    mesh = await startLocalMesh({
      relayerIds: ids,
      threshold: 2,
      databaseUrl: dbs.url,
      natsUrl: TEST_NATS_URL,
      blockTime: 0.25,
      confirmations: 2,
      solana: solana.config,
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
      onExit: (proc, code) => console.log(`# relayer ${proc.relayer} ${proc.service} exited ${code}`),
    })
  })

  after(async () => {
    await stopProcesses(procs)
    await mesh?.stop()
    await solana?.stop()
    await dbs?.drop()
    await ns.cleanup()
    await receiver?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  test('200 messages Solana -> Ethereum and 200 Solana -> BSC: executed once each, attested everywhere, one complete trace each', async () => {
    const { ethereum, bsc } = mesh.bridges
    const connection = createSolanaConnection(solana.chain.rpcUrl, { wsUrl: solana.chain.wsUrl })
    const sender = Keypair.generate()
    // reason: LiteSVM brands (kit types)
    solana.chain.ledger.svm.airdrop(sender.publicKey.toBase58() as never, (10n ** 11n) as never)
    const routes = Array.from({ length: 2 * PER_ROUTE }, (_, i) => (i % 2 === 0 ? ethereum : bsc))
    const sent = await mapLimit(routes, 8, (to, i) =>
      sendSolanaMessage(connection, {
        sender,
        feeAccount: solana.feeAccount,
        fee: solana.minFee,
        origin: domains.solanaLocal,
        destination: to.domain,
        recipient: addressToBytes32(to.addresses.noopRecipient),
        payload: `0x${i.toString(16).padStart(8, '0')}`,
      }),
    )
    console.log(`# sent ${sent.length}`)
    const lastSlot = Math.max(...sent.map((s) => s.slot))
    await waitUntil(
      async () => ((await connection.getSlot('finalized')) >= lastSlot ? true : undefined),
      'sent slots finalized',
    )
    const bySignature = await getSolanaMessageIds(connection, {
      signatures: sent.map((s) => s.signature),
      origin: domains.solanaLocal,
      feeAccount: solana.feeAccount,
      minFeeLamports: solana.minFee,
      slotsPerEpoch: solana.slotsPerEpoch,
    })
    // reason: asserted just below
    const messageIds: Hex[] = sent.map((s) => bySignature.get(s.signature)?.[0]?.id as Hex)
    assert.equal(new Set(messageIds.filter(Boolean)).size, 2 * PER_ROUTE, 'every message has its assigned id')

    console.log('# ids assigned')
    // Totals first: every message executed exactly once on its destination inbox.
    const executions = async () => {
      const counts = new Map<string, number>()
      for (const bridge of [ethereum, bsc]) {
        const logs = await bridge.chain.publicClient.getContractEvents({
          address: bridge.addresses.inbox,
          abi: settlementInboxAbi,
          eventName: 'MessageExecuted',
          fromBlock: 0n,
        })
        // reason: indexed id is always present
        for (const log of logs) counts.set(log.args.id as string, (counts.get(log.args.id as string) ?? 0) + 1)
      }
      return counts
    }
    const counts = await waitUntil(
      async () => {
        const c = await executions()
        return messageIds.every((id) => c.has(id)) ? c : undefined
      },
      'all 400 Solana messages executed',
      WAIT_DEADLINE_MS,
      1000,
    )
    for (const id of messageIds) assert.equal(counts.get(id), 1, `message ${id} executed exactly once`)

    // Every relayer's database: 400 Solana messages, all executed, all labelled attested.
    for (const id of ids) {
      const client = new pg.Client({ connectionString: dbs.url(id) })
      await client.connect()
      const rows = await waitUntil(
        async () => {
          const r = await client.query<{ verification: string; state: string; n: string }>(
            'SELECT verification, state, count(*) AS n FROM messages WHERE origin = $1 GROUP BY 1, 2',
            [domains.solanaLocal],
          )
          return r.rows.length === 1 && r.rows[0]!.state === 'executed' && Number(r.rows[0]!.n) === 2 * PER_ROUTE
            ? r.rows
            : undefined
        },
        `${id} holds 400 executed Solana messages`,
        WAIT_DEADLINE_MS,
        500,
      )
      assert.deepEqual(
        rows.map((r) => [r.verification, r.state, Number(r.n)]),
        [['attested', 'executed', 2 * PER_ROUTE]],
      )
      await client.end()
    }
    // And through each relayer's API (the keyset listing: a few requests, within the API's rate limit).
    for (const r of mesh.relayers) {
      const labels = new Map<string, string>()
      let cursor: string | null = null
      do {
        const after = cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
        const url: string = `http://127.0.0.1:${r.config.api.port}/v1/messages?limit=500${after}`
        const page = (await (await fetch(url)).json()) as {
          messages: { id: string; verification: string }[]
          nextCursor: string | null
        }
        for (const m of page.messages) labels.set(m.id.toLowerCase(), m.verification)
        cursor = page.nextCursor
      } while (cursor)
      for (const id of messageIds)
        assert.equal(labels.get(id.toLowerCase()), 'attested', `${r.id} API labels ${id} attested`)
    }

    // One trace per message holding every hop.
    await stopProcesses(procs)
    const spans = receiver.spans()
    // Every trace one rooted tree (attested messages too), no ERROR in an executed message's trace, names and
    // attributes as the guide's table.
    assert.deepEqual(meshTraceProblems(spans, { executedIds: messageIds }), [])
    for (const id of messageIds) {
      const mine = spans.filter((s) => s.attributes['relaymesh.message.id'] === id)
      assert.deepEqual([...new Set(mine.map((s) => s.traceId))], [messageTraceId(id)], `message ${id} has one trace`)
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
