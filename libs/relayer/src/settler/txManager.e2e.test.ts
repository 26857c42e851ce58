import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { devAccounts, startAnvil, type AnvilInstance } from '@relaymesh/localchain'
import { bytesToHex } from '@relaymesh/protocol'
import { createPublicClient, custom, http, type Hex } from 'viem'
import type { RelayerChain } from '../context/createRelayerContext.js'
import type { RelayerError } from '../RelayerError.js'
import { deleteStreams, runId, startTestRelayer, waitFor, type TestRelayer } from '../batcher/testing/batchHarness.js'
import { createTxManager } from './txManager.js'

const [, a1] = devAccounts(2)

describe('tx manager (anvil, Postgres)', () => {
  let chain: AnvilInstance
  let r1: TestRelayer
  before(async () => {
    chain = await startAnvil({ chainId: 31356 })
    const inbox = '0x00000000000000000000000000000000000000b0'
    r1 = await startTestRelayer({
      chain: { domain: 31356, rpcUrl: chain.rpcUrl, inbox, outbox: inbox }, relayers: { r1: a1! }, proposer: 'r1', threshold: 1,
    }, 'r1', runId())
  })
  after(async () => {
    await deleteStreams([r1])
    await r1.close()
    await chain.stop()
  })

  const manager = (bumpAfterMs: number, clock = r1.ctx.clock, options: { client?: RelayerChain['client']; nonceConflictGraceMs?: number } = {}) => {
    const target = r1.ctx.chains.get(31356)!
    return createTxManager(
      { db: r1.ctx.db, account: r1.ctx.account, logger: r1.ctx.logger, clock, chain: { ...target, client: options.client ?? target.client } },
      { confirmations: 1, bumpAfterMs, pollMs: 50, nonceConflictGraceMs: options.nonceConflictGraceMs ?? 5_000 },
    )
  }
  /** A node whose receipt index lags its state: the first `hidden` receipt lookups of each tx answer "not found". */
  const laggingReceipts = (hidden: number) => {
    const node = http(chain.rpcUrl, { retryCount: 0 })({ chain: chain.chain, retryCount: 0 })
    const lookups = new Map<string, number>()
    const transport = custom({
      async request({ method, params }: { method: string; params?: unknown }) {
        if (method === 'eth_getTransactionReceipt') {
          const hash = (params as [Hex])[0] // reason: eth_getTransactionReceipt takes [hash]
          const n = lookups.get(hash) ?? 0
          lookups.set(hash, n + 1)
          if (n < hidden) return null
        }
        return node.request({ method, params } as never) // reason: forwarded untouched to the real node
      },
    })
    return createPublicClient({ chain: chain.chain, transport, pollingInterval: 20, cacheTime: 0 })
  }
  const rows = async () => (await r1.ctx.db.$client.query<{ id: string; nonce: string; state: string; tx_hash: Buffer; max_fee_per_gas: string; max_priority_fee_per_gas: string }>(
    'SELECT id, nonce, state, tx_hash, max_fee_per_gas, max_priority_fee_per_gas FROM outgoing_txs ORDER BY id')).rows

  it('replaces a slow tx with the same nonce and fees +12.5%, persisted with `replaces`', async () => {
    // Slow by construction: with automine off nothing is mined until the test mines, however long the bump takes.
    await chain.testClient.setAutomine(false)
    let sent: ReturnType<ReturnType<typeof manager>['send']>
    try {
      sent = manager(300).send({ kind: 'execute', batchIndex: 0n, to: '0x000000000000000000000000000000000000dEaD', data: '0x', gas: 21_000n })
      // A bump broadcasts before it can itself be replaced, so a later version past `signed` has reached the node.
      await waitFor('a replacement broadcast', async () => (await rows()).some((r, i) => i > 0 && r.state !== 'signed'))
      await chain.testClient.mine({ blocks: 1 })
    } finally {
      await chain.testClient.setAutomine(true)
    }
    const { receipt, txHash } = await sent
    assert.equal(receipt.status, 'success')
    const stored = await rows()
    assert.ok(stored.length >= 2, 'at least one replacement')
    assert.equal(new Set(stored.map((r) => r.nonce)).size, 1, 'one nonce')
    // Exactly one version is mined (under load an earlier one may win the race with a bump); all others are replaced.
    assert.deepEqual(stored.map((r) => r.state).sort(), [...stored.slice(1).map(() => 'replaced'), 'mined'].sort())
    assert.equal(bytesToHex(stored.find((r) => r.state === 'mined')!.tx_hash), txHash)
    for (let i = 1; i < stored.length; i++) {
      assert.ok(BigInt(stored[i]!.max_fee_per_gas) * 1000n >= BigInt(stored[i - 1]!.max_fee_per_gas) * 1125n)
      assert.ok(BigInt(stored[i]!.max_priority_fee_per_gas) * 1000n >= BigInt(stored[i - 1]!.max_priority_fee_per_gas) * 1125n)
    }
    assert.equal(await chain.publicClient.getTransactionCount({ address: a1!.address }), 1)
  })

  it('takes the next nonce from the chain and the persisted pending txs', async () => {
    // A clock that never moves: this tx is never bumped, however slow the machine.
    const { receipt } = await manager(30_000, { now: () => 0 }).send({ kind: 'execute', batchIndex: 1n, to: '0x000000000000000000000000000000000000dEaD', data: '0x', gas: 21_000n })
    const tx = await chain.publicClient.getTransaction({ hash: receipt.transactionHash })
    assert.equal(tx.nonce, 1)
    assert.equal((await manager(30_000, { now: () => 0 }).resume()).length, 0, 'nothing pending after mined')
  })

  it('books a mined tx as mined when the node shows its nonce taken before its receipt (no false nonce conflict)', async () => {
    // The clock never moves, so only the receipt can end the wait: a conflict declared on the first reading fails here.
    const lagging = laggingReceipts(6)
    const { receipt, txHash } = await manager(30_000, { now: () => 0 }, { client: lagging }).send({
      kind: 'execute', batchIndex: 2n, to: '0x000000000000000000000000000000000000dEaD', data: '0x', gas: 21_000n,
    })
    assert.equal(receipt.status, 'success')
    const row = (await rows()).find((r) => bytesToHex(r.tx_hash) === txHash)
    assert.equal(row?.state, 'mined')
  })

  it('gives a tx up as TX_NONCE_CONFLICT, booked failed, when another tx from the key took its nonce', async () => {
    await chain.testClient.setAutomine(false)
    let outcome: Promise<unknown>
    try {
      const sent = manager(30_000, undefined, { nonceConflictGraceMs: 200 }).send({
        kind: 'execute', batchIndex: 3n, to: '0x000000000000000000000000000000000000dEaD', data: '0x', gas: 21_000n,
      })
      outcome = sent.then(() => undefined, (error: unknown) => error)
      await waitFor('the tx in the node', async () => (await rows()).some((r) => r.state === 'sent' && r.nonce === '3'))
      const ours = (await rows()).find((r) => r.nonce === '3')!
      // The same key, the same nonce, double the fees: the node replaces ours in its pool.
      await chain.walletClientFor(a1!).sendTransaction({
        to: '0x000000000000000000000000000000000000bEEF', nonce: 3, gas: 21_000n,
        maxFeePerGas: BigInt(ours.max_fee_per_gas) * 2n, maxPriorityFeePerGas: BigInt(ours.max_priority_fee_per_gas) * 2n,
      })
      await chain.testClient.mine({ blocks: 1 })
    } finally {
      await chain.testClient.setAutomine(true)
    }
    const error = (await outcome) as RelayerError | undefined // reason: the send's rejection, or undefined if it resolved
    assert.equal(error?.code, 'TX_NONCE_CONFLICT')
    assert.deepEqual((await rows()).filter((r) => r.nonce === '3').map((r) => r.state), ['failed'])
  })
})
