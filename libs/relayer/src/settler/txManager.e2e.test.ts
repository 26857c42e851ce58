import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { devAccounts, startAnvil, type AnvilInstance } from '@relaymesh/localchain'
import { bytesToHex, hexToBytes } from '@relaymesh/protocol'
import { insertOutgoingTx } from '@relaymesh/store'
import { createPublicClient, custom, http, keccak256, type Hex } from 'viem'
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
    r1 = await startTestRelayer(
      {
        chain: { domain: 31356, rpcUrl: chain.rpcUrl, inbox, outbox: inbox },
        relayers: { r1: a1! },
        proposer: 'r1',
        threshold: 1,
      },
      'r1',
      runId(),
    )
  })
  after(async () => {
    await deleteStreams([r1])
    await r1.close()
    await chain.stop()
  })

  type ManagerOptions = { client?: RelayerChain['client']; nonceConflictGraceMs?: number; signal?: AbortSignal }
  const manager = (bumpAfterMs: number, clock = r1.ctx.clock, options: ManagerOptions = {}) => {
    const target = r1.ctx.chains.get(31356)!
    return createTxManager(
      {
        db: r1.ctx.db,
        account: r1.ctx.account,
        logger: r1.ctx.logger,
        clock,
        chain: { ...target, client: options.client ?? target.client },
        signal: options.signal,
      },
      {
        confirmations: 1,
        bumpAfterMs,
        pollMs: 50,
        nonceConflictGraceMs: options.nonceConflictGraceMs ?? 5_000,
        lookEveryMs: 100,
      },
    )
  }
  /** A node that refuses every `eth_sendRawTransaction` while `down.sends` is set, as an unreachable one would. */
  const unreachableForSends = (down: { sends: boolean }) => {
    const node = http(chain.rpcUrl, { retryCount: 0 })({ chain: chain.chain, retryCount: 0 })
    const transport = custom({
      async request({ method, params }: { method: string; params?: unknown }) {
        if (method === 'eth_sendRawTransaction' && down.sends) throw new Error('fetch failed (the node is unreachable)')
        return node.request({ method, params } as never) // reason: forwarded untouched to the real node
      },
    })
    return createPublicClient({ chain: chain.chain, transport, pollingInterval: 20, cacheTime: 0 })
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
  type Row = {
    id: string
    nonce: string
    state: string
    tx_hash: Buffer
    batch_index: string
    max_fee_per_gas: string
    max_priority_fee_per_gas: string
  }
  const rows = async () =>
    (
      await r1.ctx.db.$client.query<Row>(
        'SELECT id, nonce, state, tx_hash, batch_index, max_fee_per_gas, max_priority_fee_per_gas FROM outgoing_txs ORDER BY id',
      )
    ).rows
  const rowsOf = async (batchIndex: bigint) => (await rows()).filter((r) => r.batch_index === batchIndex.toString())
  const onNode = async (hash: Hex) =>
    (await chain.publicClient.request({ method: 'eth_getTransactionByHash', params: [hash] })) !== null
  const nonceOf = async (hash: Hex) => BigInt((await chain.publicClient.getTransaction({ hash })).nonce)
  const dropAll = () => chain.testClient.request({ method: 'anvil_dropAllTransactions' } as never) // reason: anvil-only method viem's test actions do not type
  const burn = (batchIndex: bigint) => ({
    kind: 'execute' as const,
    batchIndex,
    to: '0x000000000000000000000000000000000000dEaD' as const,
    data: '0x' as const,
    gas: 21_000n,
  })
  /**
   * A tx left pending by a manager stopped while it waited (a settler stopping or crashing), then lost by the node
   * (`anvil_dropAllTransactions`): persisted `sent`, unknown to the node, its nonce still free.
   */
  const strandTx = async (batchIndex: bigint): Promise<Row> => {
    const stop = new AbortController()
    await chain.testClient.setAutomine(false)
    try {
      const stopped = manager(600_000, undefined, { signal: stop.signal })
        .send(burn(batchIndex))
        .then(
          () => undefined,
          (error: unknown) => error,
        )
      const row = await waitFor('the tx in the node', async () =>
        (await rowsOf(batchIndex)).find((r) => r.state === 'sent'),
      )
      stop.abort()
      assert.equal(((await stopped) as RelayerError | undefined)?.code, 'STOPPING') // reason: the send's rejection
      await dropAll()
      assert.equal(await onNode(bytesToHex(row.tx_hash)), false, 'the node lost it')
      return row
    } finally {
      await chain.testClient.setAutomine(true)
    }
  }

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
      const sent = manager(30_000, undefined, { nonceConflictGraceMs: 200 }).send({
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
    const error = (await outcome) as RelayerError | undefined // reason: the send's rejection, or undefined if it resolved
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
    assert.equal((done[0]?.error as RelayerError | undefined)?.code, 'TX_NONCE_CONFLICT') // reason: resume's booked error
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
    let first: Row | undefined
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
