// The load generator on the local chains (two anvils with the bridge, the LiteSVM Solana source;
// no relayers): 200 messages/s on each of the four routes for a few seconds, then stopped and
// drained. Checked on chain: every recorded id dispatched exactly once (the Outboxes' Dispatch
// logs; the Solana ledger's outbox messages numbered by the relayers' rule), nothing else sent,
// nothing lost, and batching in effect (many messages per transaction).
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { outboxAbi } from '@relaymesh/evm-contracts'
import type { Bridge } from '@relaymesh/localchain'
import { bytesToHex } from '@relaymesh/protocol'
import { extractSlotMessages, type SolanaTransactionResponse } from '@relaymesh/solana'
import { parseEventLogs, type Hex } from 'viem'
import { startLocalSolanaSource, type LocalSolanaSource } from '../solana/startLocalSolanaSource.js'
import { waitUntil } from '@relaymesh/relayer/testing'
import { startLocalMesh, type LocalMesh } from './startLocalMesh.js'
import { MESH_ROUTES, startLoadGenerator, type MeshRoute } from './startLoadGenerator.js'

const RATE = 200
const SECONDS = 4

async function dispatchedIds(bridge: Bridge, destination: number): Promise<Hex[]> {
  const client = bridge.chain.publicClient
  const logs = await client.getLogs({
    address: bridge.addresses.outbox,
    fromBlock: 0n,
    toBlock: await client.getBlockNumber(),
  })
  return parseEventLogs({ abi: outboxAbi, logs, eventName: 'Dispatch' })
    .filter((e) => e.args.destination === destination)
    .map((e) => e.args.id)
}

function solanaIds(source: LocalSolanaSource, destination: number): Hex[] {
  const { ledger } = source.chain
  const ids: Hex[] = []
  const { slotsPerEpoch } = source
  let messagesBefore = 0 // the epoch's running count (MEMO_FORMAT.md "Nonces"), carried over every slot from 0
  for (let slot = 0; slot <= ledger.slotAt('finalized'); slot++) {
    if (slot % slotsPerEpoch === 0) messagesBefore = 0
    const transactions = (ledger.block(slot)?.transactions ?? []).map((t): SolanaTransactionResponse => ({
      meta: { err: t.err },
      transaction: [Buffer.from(t.wire).toString('base64'), 'base64'],
    }))
    const { messages } = extractSlotMessages({
      slot,
      epoch: Math.floor(slot / slotsPerEpoch),
      messagesBefore,
      transactions,
      origin: source.config.domain,
      feeAccount: source.feeAccount,
      minFeeLamports: source.minFee,
    })
    messagesBefore += messages.length
    ids.push(...messages.filter((m) => m.message.destination === destination).map((m) => bytesToHex(m.id)))
  }
  return ids
}

describe('startLoadGenerator on the local chains', { timeout: 300_000 }, () => {
  let mesh: LocalMesh
  let solana: LocalSolanaSource

  before(async () => {
    // Relayer configs are built but no relayer runs: the URLs are never dialled.
    mesh = await startLocalMesh({
      relayerIds: ['r1'],
      threshold: 1,
      databaseUrl: () => 'postgres://127.0.0.1:1/unused',
      natsUrl: 'nats://127.0.0.1:1',
      blockTime: 0.5,
    })
    solana = await startLocalSolanaSource()
  })
  after(async () => {
    await solana?.stop()
    await mesh?.stop()
  })

  test(`${RATE} msgs/s per route for ${SECONDS} s: every id dispatched exactly once, sent = offered, many messages per transaction`, async () => {
    const signal = new AbortController()
    const started = Date.now()
    const load = startLoadGenerator({
      bridges: mesh.bridges,
      solana,
      routes: [...MESH_ROUTES],
      rate: RATE,
      signal: signal.signal,
    })
    try {
      // At least SECONDS of load, and on every route at least half of what that owes: a busy machine can hold one
      // send (a 256-message transaction) for seconds, and stopping mid-send would leave a route short by chance.
      const enough = () => MESH_ROUTES.every((route) => load.routes[route].offered >= RATE * SECONDS * 0.5)
      await waitUntil(
        async () => (Date.now() - started >= SECONDS * 1000 && enough() ? true : undefined),
        `${SECONDS} s of load`,
        180_000,
        100,
      )
      load.stop()
      const elapsed = (Date.now() - started) / 1000
      await waitUntil(
        async () => (load.pending() === 0 ? true : undefined),
        'the drain (nothing pending)',
        180_000,
        250,
      )
      await load.done

      // Totals first.
      for (const route of MESH_ROUTES) {
        const r = load.routes[route]
        assert.equal(r.errors, 0, `${route}: ${r.lastError}`)
        assert.equal(r.sent, r.offered, `${route}: sent = offered`)
        assert.equal(r.ids.size, r.sent, `${route}: one id per sent message`)
        // Loose on purpose (a busy machine delays ticks): the schedule owes rate x elapsed, at most.
        assert.ok(
          r.offered <= Math.ceil(RATE * elapsed) && r.offered >= RATE * SECONDS * 0.5,
          `${route}: offered ${r.offered} in ${elapsed.toFixed(1)} s`,
        )
      }
      assert.equal(load.offered(), load.sent())

      // On chain: exactly the recorded ids, each once.
      const { ethereum, bsc } = mesh.bridges
      const onChain: Record<MeshRoute, Hex[]> = {
        'ethereum->bsc': await dispatchedIds(ethereum, bsc.domain),
        'bsc->ethereum': await dispatchedIds(bsc, ethereum.domain),
        'solana->ethereum': solanaIds(solana, ethereum.domain),
        'solana->bsc': solanaIds(solana, bsc.domain),
      }
      for (const route of MESH_ROUTES) {
        const ids = onChain[route]
        assert.equal(new Set(ids).size, ids.length, `${route}: no id twice on chain`)
        assert.deepEqual(new Set(ids), new Set(load.routes[route].ids.keys()), `${route}: on chain = recorded`)
      }

      // Batching: not one transaction per message.
      for (const route of MESH_ROUTES) {
        const r = load.routes[route]
        assert.ok(
          r.submitted / r.transactions >= (route.startsWith('solana') ? 3 : 5),
          `${route}: ${r.submitted} messages in ${r.transactions} transactions`,
        )
        console.log(
          `# ${route}: offered ${r.offered}, sent ${r.sent} in ${r.transactions} transactions ` +
            `(${(r.submitted / r.transactions).toFixed(1)} per tx)`,
        )
      }
    } finally {
      signal.abort()
      await load.done
    }
  })
})
