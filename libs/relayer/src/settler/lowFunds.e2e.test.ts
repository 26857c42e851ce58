// Faults under load, nothing lost: a settler account that runs out of funds sends nothing it cannot pay for,
// loses nothing meanwhile, and settles everything exactly once as soon as it is funded again.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { deployBridge, devAccounts, startAnvil, type AnvilInstance, type Bridge } from '@relaymesh/localchain'
import { getMessage } from '@relaymesh/store'
import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import { bytesToHex } from '@relaymesh/protocol'
import { parseEther, parseEventLogs } from 'viem'
import { deleteStreams, runId, seedMessages, startTestRelayer, testMessages, waitFor, type TestRelayer } from '../batcher/testing/batchHarness.js'
import { startBatcher } from '../batcher/startBatcher.js'
import { startInboxFollower } from '../follower/startInboxFollower.js'
import { startSettler } from './startSettler.js'

const DEST = 31358
const [pauser, a1] = devAccounts(2)
const DEADLINE_MS = 60_000

describe('settler: a settler account running out of funds', () => {
  let chain: AnvilInstance
  let bridge: Bridge
  let r1: TestRelayer
  let services: AbortController
  let running: Promise<void>[]

  before(async () => {
    chain = await startAnvil({ chainId: DEST })
    bridge = await deployBridge(chain, { relayers: [a1!.address], threshold: 1, pauser: pauser!.address })
    r1 = await startTestRelayer({
      chain: { domain: DEST, rpcUrl: chain.rpcUrl, inbox: bridge.addresses.inbox, outbox: bridge.addresses.outbox },
      relayers: { r1: a1! }, proposer: 'r1', threshold: 1, batch: { maxMessages: 64, maxAgeMs: 200 },
    }, 'r1', runId())
    services = new AbortController()
    const { signal } = services
    running = [
      startBatcher(r1.ctx, { signal }).done,
      startSettler(r1.ctx, { signal, txManager: { lookEveryMs: 100, nonceConflictGraceMs: 200 } }).done,
      startInboxFollower(r1.ctx, { signal, intervalMs: 100 }).done,
    ]
  })
  after(async () => {
    services.abort()
    await Promise.allSettled(running)
    await deleteStreams([r1])
    await r1.close()
    await chain.stop()
  })

  it('sends nothing while it cannot pay, loses nothing, and settles everything once, once funded again', async () => {
    const index = await bridge.inbox.read.nextBatchIndex()
    await chain.testClient.setBalance({ address: a1!.address, value: 1000n })
    const messages = testMessages('poor', 5, DEST, bridge.addresses.noopRecipient)
    await seedMessages(r1.ctx, messages)
    // The settler signed and stored its submit tx, and the node refused it (insufficient funds): it is nowhere on chain.
    const row = await waitFor('the submit tx stored', async () => (await r1.ctx.db.$client.query<{ tx_hash: Buffer; state: string }>(
      "SELECT tx_hash, state FROM outgoing_txs WHERE kind = 'submitBatch' AND batch_index = $1", [index.toString()])).rows[0], DEADLINE_MS)
    const hash = bytesToHex(row.tx_hash)
    assert.equal(await chain.publicClient.request({ method: 'eth_getTransactionByHash', params: [hash] }), null)
    assert.equal(await bridge.inbox.read.nextBatchIndex(), index, 'nothing submitted')
    for (const m of messages) assert.equal((await getMessage(r1.ctx.db, { id: m.id }))?.state, 'batched')

    await chain.testClient.setBalance({ address: a1!.address, value: parseEther('100') })
    await waitFor('every message executed', async () => (await Promise.all(messages.map((m) => getMessage(r1.ctx.db, { id: m.id })))).every((m) => m?.state === 'executed'), DEADLINE_MS)
    const submitted = parseEventLogs({ abi: settlementInboxAbi, eventName: 'BatchSubmitted', logs: await chain.publicClient.getLogs({ address: bridge.addresses.inbox, fromBlock: 0n }) })
    assert.deepEqual(submitted.map((l) => l.args.batchIndex), [index], 'the batch landed once')
    assert.equal((await chain.publicClient.getTransactionReceipt({ hash })).status, 'success', 'the stored tx itself was sent once funded')
  })
})
