// BSC -> Ethereum settles only through Parlia finality: two relayer processes
// (threshold 2) with the BSC stand-in behind the devnet Parlia node (epoch 20,
// the validator set changes at every epoch). Pausing the vote signers stops
// settlement; resuming lets everything through; forged headers are refused.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { connectBus, createBusCatalogue, publish } from '@relaymesh/bus'
import { addressToBytes32 } from '@relaymesh/protocol'
import { bytesToHex } from '@relaymesh/protocol'
import { encodeBlockHeader, hashBlockHeader } from '@relaymesh/receipt-proof'
import { getFinalityState } from '@relaymesh/store'
import { createDb } from '@relaymesh/store'
import pg from 'pg'
import { spawnRelayerProcesses, stopProcesses, type RelayerProcess } from '@relaymesh/devnet'
import { parliaDevValidators, sealParliaHeader, voteParliaAttestation } from '@relaymesh/devnet/parlia'
import { startLocalMesh, type LocalMesh } from '@relaymesh/devnet/local-mesh'
import {
  createTestDatabases,
  TEST_NATS_URL,
  testBusNamespace,
  WAIT_DEADLINE_MS,
  waitUntil,
} from '../../testing/testInfra.js'
import { parliaHeadersCodec } from './parliaHeadersCodec.js'
import { restoreParliaStore } from './parliaStoreCodec.js'
import { PARLIA_CLIENT } from './startParliaFinality.js'

const AMOUNT = 10n ** 15n
const EPOCH = 20
const bin = fileURLToPath(new URL('../../../../../services/cli/bin/relaymesh.js', import.meta.url))
const bob = addressToBytes32('0x0000000000000000000000000000000000000b0b')

// No suite timeout: the runner's per-file budget bounds a hang, and every wait below has its own deadline.
describe('Parlia finality end to end', () => {
  let mesh: LocalMesh
  let dbs: Awaited<ReturnType<typeof createTestDatabases>>
  let procs: RelayerProcess[] = []
  const ns = testBusNamespace()
  const dir = mkdtempSync(join(tmpdir(), 'relaymesh-parlia-'))
  const ids = ['r1', 'r2']
  const credited = async () => mesh.bridges.ethereum.token.read.balanceOf([`0x${bob.slice(26)}`])
  const send = async (count: number) => {
    const { ethereum, bsc } = mesh.bridges
    const hashes: `0x${string}`[] = []
    for (let i = 0; i < count; i++)
      hashes.push(await bsc.token.write.transferRemote([ethereum.domain, bob, AMOUNT], { account: mesh.sender }))
    for (const hash of hashes) await mesh.chains.bsc.publicClient.waitForTransactionReceipt({ hash })
  }
  const query = async <T>(id: string, sql: string): Promise<T[]> => {
    const client = new pg.Client({ connectionString: dbs.url(id) })
    await client.connect()
    try {
      return (await client.query(sql)).rows as T[]
    } finally {
      await client.end()
    }
  }

  const watcherAt = async (id: string) =>
    BigInt(
      (
        await query<{ n: string }>(
          id,
          `SELECT block_number::text AS n FROM chain_cursors WHERE chain = ${mesh.bridges.bsc.domain} AND name = ` +
            `'watcher'`,
        )
      )[0]?.n ?? -1,
    )

  before(async () => {
    dbs = await createTestDatabases(ids)
    mesh = await startLocalMesh({
      relayerIds: ids,
      threshold: 2,
      databaseUrl: dbs.url,
      natsUrl: TEST_NATS_URL,
      blockTime: 0.25,
      confirmations: 2,
      bscFinality: { kind: 'parlia', epochLength: EPOCH },
    })
    for (const r of mesh.relayers) r.config.api = { host: '127.0.0.1', port: 0 }
    procs = spawnRelayerProcesses({
      relayers: mesh.relayers,
      dir,
      bin,
      env: {
        ...process.env,
        RELAYMESH_LOG_LEVEL: 'warn',
        RELAYMESH_SUBJECT_ROOT: ns.subjectRoot,
        RELAYMESH_STREAM_PREFIX: ns.streamPrefix,
        OTEL_TRACES_EXPORTER: 'none',
      },
      onExit: () => undefined,
    })
  })

  after(async () => {
    await stopProcesses(procs)
    await mesh?.stop()
    await dbs?.drop()
    await ns.cleanup()
    rmSync(dir, { recursive: true, force: true })
  })

  test('settles through Parlia finality only, waits while votes stop, crosses epochs with rotation', async () => {
    const parlia = mesh.parlia!
    await send(10)
    await waitUntil(
      async () => ((await credited()) === 10n * AMOUNT ? true : undefined),
      '10 BSC -> Ethereum messages executed',
      WAIT_DEADLINE_MS,
      500,
    )

    // Votes stop: blocks keep coming, nothing new is final, nothing settles (and nothing is rejected for waiting).
    parlia.pauseVotes()
    await send(5)
    // The window opens once both watchers have read every header the node serves (while votes are stopped it may
    // hold before an epoch block, so not necessarily the transfers' own blocks): nothing new can be final.
    const head = parlia.chain.head()
    await waitUntil(
      async () => ((await Promise.all(ids.map(watcherAt))).every((n) => n >= head) ? true : undefined),
      'both watchers past the new transfers',
    )
    // A negative check needs a window; under load it can only pass more easily, never fail spuriously.
    await new Promise((r) => setTimeout(r, 6_000))
    assert.equal(await credited(), 10n * AMOUNT, 'nothing settles while the vote signers are stopped')
    parlia.resumeVotes()
    await waitUntil(
      async () => ((await credited()) === 15n * AMOUNT ? true : undefined),
      'the 5 waiting messages executed after resume',
      WAIT_DEADLINE_MS,
      500,
    )

    // Totals first, then how they were verified: every BSC message, in both relayers, by the light client.
    for (const id of ids) {
      const rows = await query<{ verification: string; n: string }>(
        id,
        `SELECT verification, count(*) AS n FROM messages WHERE origin = ${mesh.bridges.bsc.domain} GROUP BY ` +
          `verification`,
      )
      assert.deepEqual(
        rows.map((r) => [r.verification, Number(r.n)]),
        [['light-client', 15]],
        `${id}: all 15 BSC messages verified by the light client`,
      )
      const waiting = await query<{ n: string }>(
        id,
        `SELECT count(*) AS n FROM rejections WHERE reason_code = 'BLOCK_NOT_FINAL'`,
      )
      assert.equal(Number(waiting[0]?.n), 0, `${id}: no message rejected for waiting`)
      const refused = await query<{ reason_code: string }>(
        id,
        `SELECT reason_code FROM rejections WHERE stage = 'finality'`,
      )
      assert.deepEqual(
        refused,
        [],
        `${id}: no honest header run refused or dropped (a dropped run leaves its blocks pending for good)`,
      )
    }

    // Rotation: the light client crossed epochs and adopted sets of different sizes.
    await waitUntil(async () => (parlia.chain.head() > BigInt(3 * EPOCH) ? true : undefined), 'three epochs sealed')
    const store = createDb({ connectionString: dbs.url('r2'), max: 1 })
    const row = await waitUntil(async () => {
      const r = await getFinalityState(store.db, { chain: mesh.bridges.bsc.domain, client: PARLIA_CLIENT })
      return r && (r.finalizedBlock ?? 0n) > BigInt(2 * EPOCH + 5) ? r : undefined
    }, 'Parlia store final past two epoch switches')
    await store.close()
    const sizes = new Set([...restoreParliaStore(row).validatorSets.values()].map((s) => s.validators.length))
    assert.deepEqual([...sizes].sort(), [3, 4], 'both validator sets adopted from finalized epoch blocks')
  })

  test('a header sealed by a non-validator and an attestation under 2/3 are refused with their codes', async () => {
    const parlia = mesh.parlia!
    parlia.pauseVotes() // nothing finalizes meanwhile, so the forged children are checked, not shadowed by finality
    try {
      const parent = parlia.chain.block(parlia.chain.head())!
      const n = BigInt(parent.header.number) + 1n
      const { set } = parlia.chain.sealingSet(n)
      const voters = parlia.chain.sealingSet(n - 1n).set
      const justified = parlia.chain.justified()!
      const data = {
        sourceNumber: justified.number,
        sourceHash: justified.hash,
        targetNumber: n - 1n,
        targetHash: parent.hash,
      }
      const block = {
        ...parent.header,
        number: `0x${n.toString(16)}` as const,
        timestamp: `0x${(BigInt(parent.header.timestamp) + 1n).toString(16)}` as const,
      }
      const inTurn = set.validators[Number((n / BigInt(set.turnLength)) % BigInt(set.validators.length))]!
      // The paused chain holds before an epoch block, so n is often one: it must list the next set to parse at all.
      const epochSet = n % BigInt(EPOCH) === 0n ? parlia.chain.options.schedule(n / BigInt(EPOCH)) : undefined
      const seal = (sealer: typeof inTurn, voted: typeof voters.validators) =>
        sealParliaHeader({
          chainId: BigInt(mesh.bridges.bsc.domain),
          block,
          parentHash: parent.hash,
          sealer,
          inTurn: true,
          epochSet,
          attestation: voteParliaAttestation(voters, voted, data),
        })
      const forged = {
        PARLIA_UNKNOWN_SIGNER: seal(parliaDevValidators(1, 'mallory')[0]!, voters.validators),
        PARLIA_VOTE_UNDER_QUORUM: seal(inTurn, voters.validators.slice(0, 1)),
      }
      const bus = await connectBus({ servers: TEST_NATS_URL, name: 'parlia-e2e' })
      const catalogue = createBusCatalogue({
        relayerId: 'r2',
        subjectRoot: ns.subjectRoot,
        streamPrefix: ns.streamPrefix,
      })
      for (const header of Object.values(forged)) {
        await publish(
          bus,
          catalogue.subjects.finality(String(mesh.bridges.bsc.domain)),
          { origin: mesh.bridges.bsc.domain, from: Number(n), headers: [bytesToHex(encodeBlockHeader(header))] },
          { codec: parliaHeadersCodec, msgId: `forged:${hashBlockHeader(header)}` },
        )
      }
      await bus.close()
      for (const code of Object.keys(forged)) {
        const sql =
          `SELECT 1 FROM rejections WHERE stage = 'finality' AND origin = ${mesh.bridges.bsc.domain} ` +
          `AND reason_code = '${code}'`
        await waitUntil(async () => ((await query(`r2`, sql)).length > 0 ? true : undefined), `r2 refuses ${code}`)
      }
      const store = createDb({ connectionString: dbs.url('r2'), max: 1 })
      const row = await getFinalityState(store.db, { chain: mesh.bridges.bsc.domain, client: PARLIA_CLIENT })
      await store.close()
      const state = restoreParliaStore(row!) // reason: the test's own r2 has a Parlia state by now
      for (const header of Object.values(forged)) {
        const hash = hashBlockHeader(header)
        assert.equal(state.headers.has(hash), false, 'a refused header is not stored')
        assert.ok(![...state.finalBlocks.values()].some((f) => f.hash === hash), 'and finalizes nothing')
      }
    } finally {
      parlia.resumeVotes()
    }
  })
})
