import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import { deployBridge, devAccounts, startAnvil, type AnvilInstance, type Bridge } from '@relaymesh/localchain'
import { bytesToHex } from '@relaymesh/protocol'
import { countMessagesByState, getMessage } from '@relaymesh/store'
import { parseEventLogs } from 'viem'
import { buildProposal } from '../batcher/buildProposal.js'
import { publishProposal } from '../batcher/sealNextBatch.js'
import { startBatcher } from '../batcher/startBatcher.js'
import {
  deleteStreams,
  rejectionsWith,
  runId,
  seedMessages,
  startTestRelayer,
  testMessages,
  waitFor,
  type MeshSpec,
  type TestRelayer,
} from '../batcher/testing/batchHarness.js'
import { startInboxFollower } from '../follower/startInboxFollower.js'
import { RelayerError } from '../RelayerError.js'
import { startSettler, type StartSettlerParameters } from './startSettler.js'

const DEST = 31356
const [pauser, a1, a2, a3] = devAccounts(4)
const execute = { maxAttempts: 2, retryBaseMs: 100 }

type Running = { stop: () => Promise<void>; done: Promise<void>[] }
function run(
  relayer: TestRelayer,
  services: ('batcher' | 'settler' | 'follower')[],
  settler: Partial<StartSettlerParameters> = {},
): Running {
  const ac = new AbortController()
  const done = services.map((s) =>
    s === 'batcher'
      ? startBatcher(relayer.ctx, { signal: ac.signal }).done
      : s === 'settler'
        ? startSettler(relayer.ctx, { signal: ac.signal, execute, ...settler }).done
        : startInboxFollower(relayer.ctx, { signal: ac.signal, intervalMs: 100, maxAttempts: execute.maxAttempts })
            .done,
  )
  return {
    done,
    stop: async () => {
      ac.abort()
      await Promise.allSettled(done)
    },
  }
}

describe('batches end to end: propose, co-sign (2 of 3), submit, execute, follow', () => {
  let chain: AnvilInstance
  let bridge: Bridge
  let r1: TestRelayer
  let r2: TestRelayer
  const nextBatchIndex = () => bridge.inbox.read.nextBatchIndex()

  before(async () => {
    chain = await startAnvil({ chainId: DEST })
    bridge = await deployBridge(chain, {
      relayers: [a1!.address, a2!.address, a3!.address],
      threshold: 2,
      pauser: pauser!.address,
    })
    const mesh: MeshSpec = {
      chain: { domain: DEST, rpcUrl: chain.rpcUrl, inbox: bridge.addresses.inbox, outbox: bridge.addresses.outbox },
      relayers: { r1: a1!, r2: a2!, r3: a3! },
      proposer: 'r1',
      threshold: 2,
      batch: { maxMessages: 64, maxAgeMs: 200, cosignDeadlineMs: 2_000, executeChunk: 16 },
    }
    const id = runId()
    r1 = await startTestRelayer(mesh, 'r1', id)
    r2 = await startTestRelayer(mesh, 'r2', id)
  })
  after(async () => {
    await deleteStreams([r1, r2])
    await r1.close()
    await r2.close()
    await chain.stop()
  })

  it('moves every message to executed on both relayers; a recipient without code stays failed with its reason', async () => {
    const ok = testMessages('ok', 40, DEST, bridge.addresses.noopRecipient)
    const noCode = testMessages('nocode', 2, DEST, '0x000000000000000000000000000000000000dead')
    for (const r of [r1, r2]) await seedMessages(r.ctx, [...ok, ...noCode])
    const services = [run(r1, ['batcher', 'settler', 'follower']), run(r2, ['batcher', 'follower'])]
    try {
      await waitFor('all executed on both relayers', async () => {
        const [c1, c2] = await Promise.all([countMessagesByState(r1.ctx.db), countMessagesByState(r2.ctx.db)])
        return c1.executed === 40 && c2.executed === 40
      })
      await waitFor('failures retried to the limit', async () => {
        const m = await Promise.all(noCode.map((x) => getMessage(r1.ctx.db, { id: x.id })))
        return m.every((x) => x?.state === 'failed' && x.attempts === execute.maxAttempts)
      })
    } finally {
      for (const s of services) await s.stop()
    }
    const counts = await countMessagesByState(r1.ctx.db)
    assert.deepEqual(
      { executed: counts.executed, failed: counts.failed, settled: counts.settled, batched: counts.batched },
      { executed: 40, failed: 2, settled: 0, batched: 0 },
    )
    assert.ok((await nextBatchIndex()) >= 1n)
    const failed = await getMessage(r1.ctx.db, { id: noCode[0]!.id })
    assert.equal(failed?.reasonCode, 'RECIPIENT_HAS_NO_CODE')
    assert.equal(failed?.rejections.length, execute.maxAttempts)
    assert.equal((await getMessage(r2.ctx.db, { id: noCode[0]!.id }))?.state, 'failed')
    const events = parseEventLogs({
      abi: settlementInboxAbi,
      logs: await chain.publicClient.getLogs({ address: bridge.addresses.inbox, fromBlock: 0n }),
    })
    assert.equal(
      events.filter((e) => e.eventName === 'MessageExecuted').length,
      40,
      'each message executed once on chain',
    )
    assert.equal(events.filter((e) => e.eventName === 'MessageFailed').length, 2 * execute.maxAttempts)
  })

  it('a settler killed after persisting a signed tx rebroadcasts the same bytes and never submits twice', async () => {
    const messages = testMessages('restart', 5, DEST, bridge.addresses.noopRecipient)
    for (const r of [r1, r2]) await seedMessages(r.ctx, messages)
    const index = await nextBatchIndex()
    const services = [run(r1, ['batcher', 'follower']), run(r2, ['batcher', 'follower'])]
    try {
      let crashed = false
      const crash = run(r1, ['settler'], {
        txManager: {
          afterPersist: async () => {
            if (crashed) return
            crashed = true
            throw new RelayerError('simulated kill after persisting', { code: 'STOPPING', action: 'fatal' })
          },
        },
      })
      await assert.rejects(crash.done[0]!, { message: /simulated kill/ })
      await crash.stop()
      const persisted = await r1.ctx.db.$client.query<{ tx_hash: Buffer; state: string }>(
        "SELECT tx_hash, state FROM outgoing_txs WHERE kind = 'submitBatch' AND batch_index = $1",
        [index.toString()],
      )
      assert.deepEqual(
        persisted.rows.map((r) => r.state),
        ['signed'],
      )
      assert.equal(await nextBatchIndex(), index, 'nothing was broadcast')
      const nonceBefore = await chain.publicClient.getTransactionCount({ address: a1!.address })

      const settler = run(r1, ['settler'])
      services.push(settler)
      await waitFor('restart batch executed', async () => {
        const states = await Promise.all(messages.map((m) => getMessage(r1.ctx.db, { id: m.id })))
        return states.every((m) => m?.state === 'executed')
      })
      // The follower may record the executions before the settler's next receipt poll books the tx.
      const rows = await waitFor('the submit tx booked', async () => {
        const found = await r1.ctx.db.$client.query<{ tx_hash: Buffer; state: string }>(
          "SELECT tx_hash, state FROM outgoing_txs WHERE kind = 'submitBatch' AND batch_index = $1",
          [index.toString()],
        )
        return found.rows.every((r) => r.state !== 'signed' && r.state !== 'sent') && found
      })
      assert.deepEqual(
        rows.rows.map((r) => r.state),
        ['mined'],
        'one submitBatch tx, never re-signed',
      )
      const logs = parseEventLogs({
        abi: settlementInboxAbi,
        eventName: 'BatchSubmitted',
        logs: await chain.publicClient.getLogs({ address: bridge.addresses.inbox, fromBlock: 0n }),
      }).filter((l) => l.args.batchIndex === index)
      assert.equal(logs.length, 1)
      assert.equal(
        logs[0]!.transactionHash,
        bytesToHex(persisted.rows[0]!.tx_hash),
        'the stored bytes were the ones mined',
      )
      const submitTx = await chain.publicClient.getTransaction({ hash: logs[0]!.transactionHash })
      assert.equal(BigInt(submitTx.nonce), BigInt(nonceBefore), 'the persisted nonce was used, not a new one')
    } finally {
      for (const s of services) await s.stop()
    }
  })

  it('byzantine proposer: an undispatched id makes the honest relayer refuse (BATCH_UNVERIFIED_MESSAGE); nothing reaches the inbox', async () => {
    const [honest] = testMessages('byzantine', 1, DEST, bridge.addresses.noopRecipient)
    await seedMessages(r2.ctx, [honest!])
    const bogus = randomBytes(32)
    const before = await nextBatchIndex()
    const services = [run(r2, ['batcher', 'follower'])]
    try {
      // r1's own key signs a proposal holding an id nobody dispatched, published as r1 would.
      const proposal = await buildProposal(a1!, {
        domain: { chainId: DEST, inbox: bridge.addresses.inbox },
        destination: DEST,
        batchIndex: before,
        previousBatchHash: await bridge.inbox.read.lastBatchHash(),
        ids: [honest!.id, bogus],
        proposedAt: Date.now(),
      })
      await publishProposal(r1.ctx, proposal)
      const rows = await waitFor('refusal', async () => {
        const found = await rejectionsWith(r2.ctx, 'BATCH_UNVERIFIED_MESSAGE')
        return found.some((r) => r.message_id && Buffer.from(r.message_id).equals(bogus)) ? found : undefined
      })
      assert.ok(rows.every((r) => r.stage === 'cosign'))
      assert.equal(
        (await getMessage(r2.ctx.db, { id: honest!.id }))?.state,
        'verified',
        'never batched by the honest relayer',
      )
      const signatures = await r2.ctx.db.$client.query('SELECT 1 FROM batches WHERE batch_index = $1', [
        before.toString(),
      ])
      assert.equal(signatures.rowCount, 0)
    } finally {
      for (const s of services) await s.stop()
    }
    assert.equal(await nextBatchIndex(), before)
  })
})
