// Ethereum -> BSC settles only through the sync-committee light client: two relayer processes
// (threshold 2), the Ethereum stand-in behind the devnet beacon signer (minimal preset, one slot
// per block, a new dev committee every 64 slots). Pausing the signer stops settlement; resuming
// lets everything through; the run crosses a committee period; an update signed by a rotated-out
// committee is refused with its code and never advances finality.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { connectBus, createBusCatalogue, publish } from '@relaymesh/bus'
import { addressToBytes32 } from '@relaymesh/protocol'
import pg from 'pg'
import { spawnRelayerProcesses, stopProcesses, type RelayerProcess } from '@relaymesh/devnet'
import { startLocalMesh, type LocalMesh } from '@relaymesh/devnet/local-mesh'
import {
  createTestDatabases,
  TEST_NATS_URL,
  testBusNamespace,
  WAIT_DEADLINE_MS,
  waitUntil,
} from '../../testing/testInfra.js'
import { beaconUpdateCodec, beaconUpdateMsgId, type BeaconUpdateMessage } from './beaconUpdateCodec.js'

const AMOUNT = 10n ** 15n
const PER_ROUND = 10
const bin = fileURLToPath(new URL('../../../../../services/cli/bin/relaymesh.js', import.meta.url))
const alice = addressToBytes32('0x00000000000000000000000000000000000a11ce')
const SLOTS_PER_PERIOD = 64

// No suite timeout: the runner's per-file budget bounds a hang, and every wait below has its own deadline.
describe('Ethereum light-client finality end to end', () => {
  let mesh: LocalMesh
  let dbs: Awaited<ReturnType<typeof createTestDatabases>>
  let procs: RelayerProcess[] = []
  const ns = testBusNamespace()
  const dir = mkdtempSync(join(tmpdir(), 'relaymesh-beacon-'))
  const ids = ['r1', 'r2']
  const credited = async () => mesh.bridges.bsc.token.read.balanceOf([`0x${alice.slice(26)}`])
  const send = async (count: number) => {
    const { ethereum, bsc } = mesh.bridges
    const hashes: `0x${string}`[] = []
    for (let i = 0; i < count; i++)
      hashes.push(await ethereum.token.write.transferRemote([bsc.domain, alice, AMOUNT], { account: mesh.sender }))
    for (const hash of hashes) await mesh.chains.ethereum.publicClient.waitForTransactionReceipt({ hash })
  }
  const query = async <T>(id: string, sql: string): Promise<T[]> => {
    const client = new pg.Client({ connectionString: dbs.url(id) })
    await client.connect()
    try {
      return (await client.query(sql)).rows as T[] // reason: the test's own SQL
    } finally {
      await client.end()
    }
  }
  const finalizedBlock = async (id: string) =>
    Number(
      (
        await query<{ b: string | null }>(
          id,
          `SELECT finalized_block AS b FROM finality_states WHERE client = 'ethereum-sync-committee'`,
        )
      )[0]?.b ?? -1,
    )
  const watcherAt = async (id: string) =>
    BigInt(
      (
        await query<{ n: string }>(
          id,
          `SELECT block_number::text AS n FROM chain_cursors WHERE chain = ${mesh.bridges.ethereum.domain} AND ` +
            `name = 'watcher'`,
        )
      )[0]?.n ?? -1,
    )
  /** The execution block finalized by the last update the beacon signer serves (fixed while it is paused). */
  const servedFinalizedBlock = async (beaconUrl: string) => {
    const res = await fetch(`${beaconUrl}/eth/v1/beacon/light_client/finality_update`)
    // reason: beacon-API JSON (fulu light-client header)
    const body = (await res.json()) as { data: { finalized_header: { execution: { block_number: string } } } }
    return Number(body.data.finalized_header.execution.block_number)
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
      ethereumFinality: { kind: 'light-client' },
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

  test('settles through light-client finality only, waits while the signer stops, crosses a committee period', async () => {
    const beacon = mesh.beacon
    assert.ok(beacon, 'the beacon signer runs')
    await send(PER_ROUND)
    await waitUntil(
      async () => ((await credited()) === AMOUNT * BigInt(PER_ROUND) ? true : undefined),
      'first round credited',
      WAIT_DEADLINE_MS,
      500,
    )

    // Past the first committee period, so a rotated-out committee exists for the rejection below.
    await waitUntil(
      async () => (beacon.signedSlot() >= SLOTS_PER_PERIOD + 8 ? true : undefined),
      'the chain is past period 0',
      WAIT_DEADLINE_MS,
      250,
    )

    // Signer stopped: finality stands still, so nothing new is verified or settled. Updates signed before the
    // pause may still be in flight to the relayers: finality is frozen once both hold the last one served.
    beacon.pause()
    const lastServed = await servedFinalizedBlock(beacon.url)
    const frozen = await waitUntil(
      async () => {
        const blocks = await Promise.all(ids.map(finalizedBlock))
        return blocks.every((b) => b === lastServed) ? blocks : undefined
      },
      'both relayers at the last finalized block the paused signer served',
      WAIT_DEADLINE_MS,
      250,
    )
    await send(PER_ROUND)
    // The window opens once both watchers have published the new transfers' blocks: only finality holds them back.
    const head = await mesh.chains.ethereum.publicClient.getBlockNumber()
    await waitUntil(
      async () => ((await Promise.all(ids.map(watcherAt))).every((n) => n >= head) ? true : undefined),
      'both watchers past the new transfers',
    )
    // A negative check needs a window; under load it can only pass more easily, never fail spuriously.
    await new Promise((r) => setTimeout(r, 8_000))
    assert.equal(await credited(), AMOUNT * BigInt(PER_ROUND), 'nothing settles while the signer is stopped')
    assert.deepEqual(await Promise.all(ids.map(finalizedBlock)), frozen, 'finality did not advance')
    for (const id of ids) {
      const [row] = await query<{ n: number }>(
        id,
        `SELECT count(*)::int AS n FROM messages WHERE origin = ${mesh.bridges.ethereum.domain}`,
      )
      assert.equal(row?.n, PER_ROUND, `${id} verified nothing new while the signer was stopped`)
    }

    // Rejection: an update for a fresh slot signed by the rotated-out committee (period - 1) is refused.
    const slot = beacon.signedSlot()
    const period = Math.floor(slot / SLOTS_PER_PERIOD)
    assert.ok(period > 0)
    {
      const bus = await connectBus({ servers: TEST_NATS_URL, name: 'beacon-e2e-forger' })
      const forged = beacon.forgeUpdate(slot, period - 1)
      for (const id of ids) {
        const catalogue = createBusCatalogue({
          relayerId: id,
          subjectRoot: ns.subjectRoot,
          streamPrefix: ns.streamPrefix,
        })
        const message: BeaconUpdateMessage = {
          origin: mesh.bridges.ethereum.domain,
          kind: 'update',
          version: forged.version,
          // reason: beacon-API JSON object
          data: forged.data as Record<string, unknown>,
        }
        await publish(bus, catalogue.subjects.finality(String(message.origin)), message, {
          codec: beaconUpdateCodec,
          msgId: `forged:${beaconUpdateMsgId(message)}`,
        })
      }
      await bus.close()
      for (const id of ids) {
        await waitUntil(
          async () =>
            (await query(id, `SELECT 1 FROM rejections WHERE stage = 'finality' AND reason_code = 'LC_BAD_SIGNATURE'`))
              .length > 0
              ? true
              : undefined,
          `${id} refuses the forged update`,
        )
      }
      assert.deepEqual(
        await Promise.all(ids.map(finalizedBlock)),
        frozen,
        'the refused update did not advance finality',
      )
    }

    // Signer resumed: everything goes through, and the chain crosses a committee period.
    beacon.resume()
    await waitUntil(
      async () => ((await credited()) === AMOUNT * BigInt(2 * PER_ROUND) ? true : undefined),
      'second round credited after resume',
      WAIT_DEADLINE_MS,
      500,
    )
    const targetPeriod = Math.floor(beacon.signedSlot() / SLOTS_PER_PERIOD) + 1
    await waitUntil(
      async () => (Math.floor(beacon.signedSlot() / SLOTS_PER_PERIOD) >= targetPeriod ? true : undefined),
      'the chain enters the next committee period',
      WAIT_DEADLINE_MS,
      500,
    )
    await send(PER_ROUND)
    await waitUntil(
      async () => ((await credited()) === AMOUNT * BigInt(3 * PER_ROUND) ? true : undefined),
      'third round credited after rotation',
      WAIT_DEADLINE_MS,
      500,
    )
    for (const id of ids) {
      const block = await finalizedBlock(id)
      assert.ok(
        Math.floor(block / SLOTS_PER_PERIOD) >= 1,
        `${id}'s light client finalized past period 0 (block ${block})`,
      )
      const labels = await query<{ verification: string; n: number }>(
        id,
        `SELECT verification, count(*)::int AS n FROM messages WHERE origin = ${mesh.bridges.ethereum.domain} ` +
          `GROUP BY verification`,
      )
      assert.deepEqual(
        labels,
        [{ verification: 'light-client', n: 3 * PER_ROUND }],
        `${id} labels every Ethereum message light-client`,
      )
    }
  })
})
