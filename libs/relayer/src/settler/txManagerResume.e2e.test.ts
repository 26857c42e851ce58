import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { bytesToHex, hexToBytes } from '@relaymesh/protocol'
import { insertOutgoingTx } from '@relaymesh/store'
import { keccak256, type Hex } from 'viem'
import type { RelayerError } from '../RelayerError.js'
import { waitFor } from '../batcher/testing/batchHarness.js'
import {
  dropAllTxs,
  isOnNode,
  nonceOfTx,
  outgoingTxRowsOf,
  startTxManagerHarness,
  strandTx as strandTxOf,
  txManagerAccount,
  txManagerFor,
  unreachableForSends as unreachableNode,
  burnTx as burn,
  type ManagerOptions,
  type OutgoingTxRow,
  type TxManagerHarness,
} from './testing/txManagerHarness.js'

const a1 = txManagerAccount

describe('tx manager: resuming after a stop or crash (anvil, Postgres)', () => {
  let h: TxManagerHarness
  let chain: TxManagerHarness['chain']
  let r1: TxManagerHarness['r1']
  before(async () => {
    h = await startTxManagerHarness()
    ;({ chain, r1 } = h)
  })
  after(() => h.close())

  const manager = (bumpAfterMs: number, clock?: TxManagerHarness['r1']['ctx']['clock'], options?: ManagerOptions) =>
    txManagerFor(h, bumpAfterMs, clock, options)
  const rowsOf = (batchIndex: bigint) => outgoingTxRowsOf(h, batchIndex)
  const onNode = (hash: Hex) => isOnNode(chain, hash)
  const nonceOf = (hash: Hex) => nonceOfTx(chain, hash)
  const dropAll = () => dropAllTxs(chain)
  const strandTx = (batchIndex: bigint) => strandTxOf(h, batchIndex)
  const unreachableForSends = (down: { sends: boolean }) => unreachableNode(chain, down)

  it('resume: a lost tx whose stored bytes the node now refuses is re-signed at its nonce, and later txs mine (no gap)', async () => {
    const lost = await strandTx(5n)
    // The base fee jumps above the stored tx's fee cap: the node refuses its stored bytes for good.
    await chain.testClient.setNextBlockBaseFeePerGas({ baseFeePerGas: BigInt(lost.max_fee_per_gas) * 4n })
    await chain.testClient.mine({ blocks: 1 })
    const txs = manager(600_000)
    const { done, stuck } = await txs.resume()
    assert.equal(stuck, undefined)
    assert.equal(done.length, 1)
    const resumed = done[0]!.result
    assert.ok(resumed, `the lost tx was mined: ${String(done[0]!.error)}`)
    assert.equal(await nonceOf(resumed.txHash), BigInt(lost.nonce), 'at its own nonce')
    const later = await txs.send(burn(6n))
    assert.equal(await nonceOf(later.txHash), BigInt(lost.nonce) + 1n, 'the next nonce, nothing skipped')
    assert.deepEqual(
      (await rowsOf(5n)).map((r) => r.state),
      ['replaced', 'mined'],
    )
  })

  it('resume: a lost tx that cannot be sent (node unreachable) stays stuck, and no later nonce is taken until it is mined', async () => {
    const lost = await strandTx(7n)
    const down = { sends: true }
    const txs = manager(600_000, undefined, { client: unreachableForSends(down) })
    const { done, stuck } = await txs.resume()
    assert.equal(done.length, 0)
    assert.equal(stuck?.tx.nonce, BigInt(lost.nonce), 'the lost tx is reported, not skipped')
    await assert.rejects(txs.send(burn(8n)), 'a new tx waits for the stuck one instead of queueing behind a gap')
    assert.equal((await rowsOf(8n)).length, 0, 'nothing signed above the stuck nonce')
    down.sends = false
    const later = await txs.send(burn(8n))
    assert.equal(await nonceOf(later.txHash), BigInt(lost.nonce) + 1n)
    const stored = await rowsOf(7n)
    assert.deepEqual(
      stored.map((r) => r.state),
      ['mined'],
      'the stuck tx was mined first, its stored bytes: no retry re-signed it',
    )
    assert.equal(bytesToHex(stored[0]!.tx_hash), bytesToHex(lost.tx_hash))
  })

  it('resume: a lost tx whose nonce another tx took is booked failed (TX_NONCE_CONFLICT), and later txs mine', async () => {
    const lost = await strandTx(9n)
    await chain
      .walletClientFor(a1!)
      .sendTransaction({ to: '0x000000000000000000000000000000000000bEEF', nonce: Number(lost.nonce), gas: 21_000n })
    const txs = manager(600_000, undefined, { nonceConflictGraceMs: 200 })
    const { done, stuck } = await txs.resume()
    assert.equal(stuck, undefined)
    // reason: resume's booked error
    assert.equal((done[0]?.error as RelayerError | undefined)?.code, 'TX_NONCE_CONFLICT')
    assert.deepEqual(
      (await rowsOf(9n)).map((r) => r.state),
      ['failed'],
    )
    const later = await txs.send(burn(10n))
    assert.equal(await nonceOf(later.txHash), BigInt(lost.nonce) + 1n)
  })

  it('resume: a persisted tx above a nonce gap nothing fills is booked failed (TX_NONCE_GAP), and later txs take the free nonce', async () => {
    // As after a node lost the txs below it: signed at the nonce after the account's next one, never seen by the node.
    const free = BigInt(await chain.publicClient.getTransactionCount({ address: a1!.address, blockTag: 'pending' }))
    const fees = await chain.publicClient.estimateFeesPerGas()
    const rawTx = await r1.ctx.account.signTransaction({
      chainId: chain.chainId,
      type: 'eip1559',
      nonce: Number(free + 1n),
      to: '0x000000000000000000000000000000000000dEaD',
      data: '0x',
      gas: 21_000n,
      ...fees,
    })
    await insertOutgoingTx(r1.ctx.db, {
      chain: chain.chainId,
      fromAddress: hexToBytes(a1!.address),
      nonce: free + 1n,
      kind: 'execute',
      batchIndex: 11n,
      txHash: hexToBytes(keccak256(rawTx)),
      rawTx: hexToBytes(rawTx),
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    })
    const txs = manager(600_000, undefined, { nonceConflictGraceMs: 200 })
    const { done, stuck } = await txs.resume()
    assert.equal(stuck, undefined)
    assert.equal((done[0]?.error as RelayerError | undefined)?.code, 'TX_NONCE_GAP') // reason: resume's booked error
    assert.deepEqual(
      (await rowsOf(11n)).map((r) => r.state),
      ['failed'],
    )
    assert.equal(await onNode(keccak256(rawTx)), false, 'never parked in the pool above the gap')
    const later = await txs.send(burn(12n))
    assert.equal(await nonceOf(later.txHash), free, 'the gap is filled by the next tx')
  })

  it('resume: a tx the node mined before the crashed manager booked it sent (still signed) is booked mined, nothing stuck', async () => {
    // The settler was killed between the broadcast and booking it sent: the row says signed, the chain has it mined.
    const nonce = BigInt(await chain.publicClient.getTransactionCount({ address: a1!.address, blockTag: 'pending' }))
    const fees = await chain.publicClient.estimateFeesPerGas()
    const rawTx = await r1.ctx.account.signTransaction({
      chainId: chain.chainId,
      type: 'eip1559',
      nonce: Number(nonce),
      to: '0x000000000000000000000000000000000000dEaD',
      data: '0x',
      gas: 21_000n,
      ...fees,
    })
    await insertOutgoingTx(r1.ctx.db, {
      chain: chain.chainId,
      fromAddress: hexToBytes(a1!.address),
      nonce,
      kind: 'execute',
      batchIndex: 17n,
      txHash: hexToBytes(keccak256(rawTx)),
      rawTx: hexToBytes(rawTx),
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    })
    await chain.publicClient.sendRawTransaction({ serializedTransaction: rawTx })
    const txs = manager(600_000, undefined, { nonceConflictGraceMs: 200 })
    const { done, stuck } = await txs.resume()
    assert.equal(stuck, undefined, `not stuck: ${String(stuck?.error)}`)
    assert.equal(done[0]?.result?.txHash, keccak256(rawTx))
    assert.deepEqual(
      (await rowsOf(17n)).map((r) => r.state),
      ['mined'],
    )
    const later = await txs.send(burn(18n))
    assert.equal(await nonceOf(later.txHash), nonce + 1n)
  })

  it('resume: books an earlier fee level mined when it is the version the chain included, not the pending one failed', async () => {
    const stop = new AbortController()
    await chain.testClient.setAutomine(false)
    let first: OutgoingTxRow | undefined
    try {
      const stopped = manager(300, undefined, { signal: stop.signal })
        .send(burn(13n))
        .then(
          () => undefined,
          (error: unknown) => error,
        )
      await waitFor('a replacement broadcast', async () =>
        (await rowsOf(13n)).some((r, i) => i > 0 && r.state !== 'signed'),
      )
      stop.abort()
      assert.equal(((await stopped) as RelayerError | undefined)?.code, 'STOPPING') // reason: the send's rejection
      first = (await rowsOf(13n))[0]!
      // The node ends up with the first fee level only, and mines it.
      await dropAll()
      const raw = await r1.ctx.db.$client.query<{ raw_tx: Buffer }>('SELECT raw_tx FROM outgoing_txs WHERE id = $1', [
        first.id,
      ])
      await chain.publicClient.sendRawTransaction({ serializedTransaction: bytesToHex(raw.rows[0]!.raw_tx) })
      await chain.testClient.mine({ blocks: 1 })
    } finally {
      await chain.testClient.setAutomine(true)
    }
    const { done, stuck } = await manager(600_000, undefined, { nonceConflictGraceMs: 200 }).resume()
    assert.equal(stuck, undefined)
    assert.equal(done.length, 1)
    assert.equal(
      done[0]!.result?.txHash,
      bytesToHex(first.tx_hash),
      `the first version recorded: ${String(done[0]!.error)}`,
    )
    const states = (await rowsOf(13n)).map((r) => r.state)
    assert.equal(states[0], 'mined')
    assert.ok(
      states.slice(1).every((s) => s === 'replaced'),
      states.join(),
    )
  })
})
