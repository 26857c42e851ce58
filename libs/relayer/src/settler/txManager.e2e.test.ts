import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { bytesToHex } from '@relaymesh/protocol'
import type { Hex } from 'viem'
import type { RelayerError } from '../RelayerError.js'
import { waitFor } from '../batcher/testing/batchHarness.js'
import {
  dropAllTxs,
  isOnNode,
  laggingReceipts as laggingNode,
  outgoingTxRows,
  outgoingTxRowsOf,
  startTxManagerHarness,
  txManagerAccount,
  txManagerFor,
  burnTx as burn,
  type ManagerOptions,
  type TxManagerHarness,
} from './testing/txManagerHarness.js'

const a1 = txManagerAccount

describe('tx manager: sending, bumping, conflicts (anvil, Postgres)', () => {
  let h: TxManagerHarness
  let chain: TxManagerHarness['chain']
  before(async () => {
    h = await startTxManagerHarness()
    chain = h.chain
  })
  after(() => h.close())

  const manager = (bumpAfterMs: number, clock?: TxManagerHarness['r1']['ctx']['clock'], options?: ManagerOptions) =>
    txManagerFor(h, bumpAfterMs, clock, options)
  const rows = () => outgoingTxRows(h)
  const rowsOf = (batchIndex: bigint) => outgoingTxRowsOf(h, batchIndex)
  const onNode = (hash: Hex) => isOnNode(chain, hash)
  const dropAll = () => dropAllTxs(chain)
  const laggingReceipts = (hidden: number) => laggingNode(chain, hidden)

  it('replaces a slow tx with the same nonce and fees +12.5%, persisted with `replaces`', async () => {
    // Slow by construction: with automine off nothing is mined until the test mines, however long the bump takes.
    await chain.testClient.setAutomine(false)
    let sent: ReturnType<ReturnType<typeof manager>['send']>
    try {
      sent = manager(300).send({
        kind: 'execute',
        batchIndex: 0n,
        to: '0x000000000000000000000000000000000000dEaD',
        data: '0x',
        gas: 21_000n,
      })
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
      assert.ok(
        BigInt(stored[i]!.max_priority_fee_per_gas) * 1000n >= BigInt(stored[i - 1]!.max_priority_fee_per_gas) * 1125n,
      )
    }
    assert.equal(await chain.publicClient.getTransactionCount({ address: a1!.address }), 1)
  })

  it('takes the next nonce from the chain once nothing persisted is pending', async () => {
    // A clock that never moves: this tx is never bumped, however slow the machine.
    const { receipt } = await manager(30_000, { now: () => 0 }).send({
      kind: 'execute',
      batchIndex: 1n,
      to: '0x000000000000000000000000000000000000dEaD',
      data: '0x',
      gas: 21_000n,
    })
    const tx = await chain.publicClient.getTransaction({ hash: receipt.transactionHash })
    assert.equal(tx.nonce, 1)
    assert.deepEqual(await manager(30_000, { now: () => 0 }).resume(), { done: [] }, 'nothing pending after mined')
  })

  it('books a mined tx as mined when the node shows its nonce taken before its receipt (no false nonce conflict)', async () => {
    // The clock never moves, so only the receipt can end the wait: a conflict declared on the first reading fails here.
    const lagging = laggingReceipts(6)
    const { receipt, txHash } = await manager(30_000, { now: () => 0 }, { client: lagging }).send({
      kind: 'execute',
      batchIndex: 2n,
      to: '0x000000000000000000000000000000000000dEaD',
      data: '0x',
      gas: 21_000n,
    })
    assert.equal(receipt.status, 'success')
    const row = (await rows()).find((r) => bytesToHex(r.tx_hash) === txHash)
    assert.equal(row?.state, 'mined')
  })

  it('gives a tx up as TX_NONCE_CONFLICT, booked failed, when another tx from the key took its nonce', async () => {
    await chain.testClient.setAutomine(false)
    let outcome: Promise<unknown>
    try {
      // The bump is 10 minutes away: a version bumped before the other tx lands would be booked `replaced` beside it.
      const sent = manager(600_000, undefined, { nonceConflictGraceMs: 200 }).send({
        kind: 'execute',
        batchIndex: 3n,
        to: '0x000000000000000000000000000000000000dEaD',
        data: '0x',
        gas: 21_000n,
      })
      outcome = sent.then(
        () => undefined,
        (error: unknown) => error,
      )
      await waitFor('the tx in the node', async () => (await rows()).some((r) => r.state === 'sent' && r.nonce === '3'))
      const ours = (await rows()).find((r) => r.nonce === '3')!
      // The same key, the same nonce, double the fees: the node replaces ours in its pool.
      await chain.walletClientFor(a1!).sendTransaction({
        to: '0x000000000000000000000000000000000000bEEF',
        nonce: 3,
        gas: 21_000n,
        maxFeePerGas: BigInt(ours.max_fee_per_gas) * 2n,
        maxPriorityFeePerGas: BigInt(ours.max_priority_fee_per_gas) * 2n,
      })
      await chain.testClient.mine({ blocks: 1 })
    } finally {
      await chain.testClient.setAutomine(true)
    }
    // reason: the send's rejection, or undefined if it resolved
    const error = (await outcome) as RelayerError | undefined
    assert.equal(error?.code, 'TX_NONCE_CONFLICT')
    assert.deepEqual(
      (await rows()).filter((r) => r.nonce === '3').map((r) => r.state),
      ['failed'],
    )
  })

  it('sends the stored bytes again when the node drops an in-flight tx from its pool, without a new version', async () => {
    // The bump is 10 minutes away: only noticing the loss can get this tx mined within the test.
    await chain.testClient.setAutomine(false)
    let sent: Promise<unknown> | undefined
    let hash: Hex | undefined
    try {
      const sending = manager(600_000).send(burn(4n))
      sent = sending.then(
        (r) => r,
        (error: unknown) => error,
      )
      const row = await waitFor('the tx in the node', async () => (await rowsOf(4n)).find((r) => r.state === 'sent'))
      hash = bytesToHex(row.tx_hash)
      await dropAll()
      await waitFor('the lost tx sent again', () => onNode(hash!), 60_000)
      await chain.testClient.mine({ blocks: 1 })
    } finally {
      await chain.testClient.setAutomine(true)
    }
    const outcome = await sent
    assert.ok(outcome && typeof outcome === 'object' && 'txHash' in outcome, `mined, not ${String(outcome)}`)
    assert.equal(outcome.txHash, hash, 'the same bytes were mined')
    assert.deepEqual(
      (await rowsOf(4n)).map((r) => r.state),
      ['mined'],
      'one version, never re-signed',
    )
  })
})
