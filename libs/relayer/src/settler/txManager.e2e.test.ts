import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { devAccounts, startAnvil, type AnvilInstance } from '@relaymesh/localchain'
import { bytesToHex } from '@relaymesh/protocol'
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

  const manager = (bumpAfterMs: number, clock = r1.ctx.clock) => createTxManager(
    { db: r1.ctx.db, account: r1.ctx.account, logger: r1.ctx.logger, clock, chain: r1.ctx.chains.get(31356)! },
    { confirmations: 1, bumpAfterMs, pollMs: 50 },
  )
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
})
