import { isRelaymeshError } from '@relaymesh/errors'
import { bytesToHex, hexToBytes } from '@relaymesh/protocol'
import { insertOutgoingTx, listPendingOutgoingTxs, updateOutgoingTx, type OutgoingTx, type OutgoingTxKind } from '@relaymesh/store'
import { keccak256, parseTransaction, type Address, type Hex, type TransactionReceipt } from 'viem'
import type { RelayerChain, RelayerContext } from '../context/createRelayerContext.js'
import { RelayerError } from '../RelayerError.js'
import { txReverted } from './decodeRevert.js'
import { broadcast, isNonceTaken, nextFees, pollReceipt, revertOf } from './txChain.js'

export type TxManagerOptions = {
  /** Blocks a receipt needs (the chain's `txConfirmations`; 0 counts as 1). */
  confirmations: number
  /** Not mined after this long: re-sign with the same nonce and fees bumped (at least +12.5%). */
  bumpAfterMs: number
  pollMs: number
  /**
   * The chain must show the tx's nonce taken, with no receipt for any of its versions, for this long before the tx
   * is given up as `TX_NONCE_CONFLICT`: a node's account state runs ahead of its receipt index, and a mined tx
   * must never be booked as failed.
   */
  nonceConflictGraceMs: number
  /** Test hook: runs after the signed tx is persisted and before it is broadcast (a throw simulates a crash there). */
  afterPersist?: ((tx: { id: bigint; txHash: Hex }) => Promise<void>) | undefined
}

export const defaultTxManagerOptions = { bumpAfterMs: 30_000, pollMs: 250, nonceConflictGraceMs: 5_000 } as const

export type TxRequest = {
  kind: OutgoingTxKind
  batchIndex: bigint
  leafFrom?: number | undefined
  leafTo?: number | undefined
  to: Address
  data: Hex
  gas: bigint
}

export type TxResult = { txHash: Hex; receipt: TransactionReceipt; row: bigint }

export type TxManager = {
  /** Signs, persists (BEFORE broadcast), broadcasts and waits for the receipt, bumping fees when slow. */
  send(request: TxRequest, hooks?: { onBroadcast?: (txHash: Hex) => Promise<void> }): Promise<TxResult>
  /** After a restart: rebroadcasts every persisted `signed`/`sent` tx (same bytes, same hash) and waits for each. */
  resume(): Promise<{ tx: OutgoingTx; result?: TxResult; error?: unknown }[]>
}

export type TxManagerDeps = Pick<RelayerContext, 'db' | 'account' | 'logger' | 'clock'> & {
  chain: RelayerChain
  /** Stops waiting for a receipt (the tx stays persisted; `resume` picks it up on the next start). */
  signal?: AbortSignal | undefined
}

type Pending = { id: bigint; nonce: bigint; request: TxRequest; hashes: Hex[]; ids: bigint[]; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint; rawTx: Hex }

/**
 * The transaction manager of one chain and one sender (DESIGN.md "Never
 * twice, never lost"). Nonces come from the chain's pending count reconciled
 * with the persisted txs; every signed tx is stored before it leaves; after
 * a restart the stored bytes are rebroadcast instead of signing anew.
 * Callers send one tx at a time per manager.
 *
 * @example
 * const txs = createTxManager({ db, account, logger, clock, chain }, { confirmations: 1, ...defaultTxManagerOptions })
 * await txs.resume()
 * const { receipt } = await txs.send({ kind: 'submitBatch', batchIndex, to: inbox, data, gas })
 */
export function createTxManager(deps: TxManagerDeps, options: TxManagerOptions): TxManager {
  const from = deps.account.address
  const chainId = deps.chain.chain.id
  const sign = async (p: Omit<Pending, 'id' | 'hashes' | 'ids' | 'rawTx'>): Promise<Hex> =>
    deps.account.signTransaction({
      chainId, type: 'eip1559', nonce: Number(p.nonce), to: p.request.to, data: p.request.data, gas: p.request.gas,
      maxFeePerGas: p.maxFeePerGas, maxPriorityFeePerGas: p.maxPriorityFeePerGas,
    })
  const persist = async (p: Omit<Pending, 'id' | 'hashes' | 'ids'>, replaces?: bigint): Promise<bigint> =>
    insertOutgoingTx(deps.db, {
      chain: chainId, fromAddress: hexToBytes(from), nonce: p.nonce, kind: p.request.kind, batchIndex: p.request.batchIndex,
      leafFrom: p.request.leafFrom ?? null, leafTo: p.request.leafTo ?? null, txHash: hexToBytes(keccak256(p.rawTx)),
      rawTx: hexToBytes(p.rawTx), maxFeePerGas: p.maxFeePerGas, maxPriorityFeePerGas: p.maxPriorityFeePerGas, replaces,
    })
  const ctx = { deps, options, sign, persist }
  return {
    async send(request, hooks) {
      const nonce = await nextNonce(deps, from, chainId)
      const fees = await nextFees(deps.chain.client, undefined)
      const rawTx = await sign({ nonce, request, ...fees })
      const id = await persist({ nonce, request, rawTx, ...fees })
      const pending: Pending = { id, nonce, request, hashes: [keccak256(rawTx)], ids: [id], rawTx, ...fees }
      await options.afterPersist?.({ id, txHash: keccak256(rawTx) })
      try {
        await broadcastAndMark(ctx, pending)
      } catch (error) {
        // Persisted, so not lost: the fee bump in `waitMined` broadcasts it again.
        if (!isRelaymeshError(error) || error.action !== 'retry') throw error
        deps.logger.warn({ err: error, nonce: nonce.toString() }, 'broadcast failed; will retry with a fee bump')
      }
      await hooks?.onBroadcast?.(keccak256(rawTx))
      return waitMined(ctx, pending)
    },
    async resume() {
      const rows = await listPendingOutgoingTxs(deps.db, { chain: chainId, fromAddress: hexToBytes(from) })
      const results: { tx: OutgoingTx; result?: TxResult; error?: unknown }[] = []
      for (const tx of rows) {
        try {
          const pending = pendingFromRow(tx)
          deps.logger.info({ chain: chainId, nonce: tx.nonce.toString(), txHash: pending.hashes[0], kind: tx.kind }, 'rebroadcasting persisted tx')
          await broadcastAndMark(ctx, pending)
          results.push({ tx, result: await waitMined(ctx, pending) })
        } catch (error) {
          if (isRelaymeshError(error) && error.action === 'fatal') throw error
          results.push({ tx, error })
        }
      }
      return results
    },
  }
}

type ManagerContext = {
  deps: TxManagerDeps
  options: TxManagerOptions
  sign: (p: Omit<Pending, 'id' | 'hashes' | 'ids' | 'rawTx'>) => Promise<Hex>
  persist: (p: Omit<Pending, 'id' | 'hashes' | 'ids'>, replaces?: bigint) => Promise<bigint>
}

/** The chain's pending count, or one past the highest nonce persisted but not yet final, whichever is higher. */
async function nextNonce(deps: TxManagerDeps, from: Address, chainId: number): Promise<bigint> {
  const [onChain, persisted] = await Promise.all([
    deps.chain.client.getTransactionCount({ address: from, blockTag: 'pending' }),
    listPendingOutgoingTxs(deps.db, { chain: chainId, fromAddress: hexToBytes(from) }),
  ])
  const highest = persisted.reduce((max, tx) => (tx.nonce > max ? tx.nonce : max), -1n)
  return BigInt(onChain) > highest + 1n ? BigInt(onChain) : highest + 1n
}

function pendingFromRow(tx: OutgoingTx): Pending {
  const rawTx = bytesToHex(tx.rawTx)
  return {
    id: tx.id, nonce: tx.nonce, rawTx, hashes: [bytesToHex(tx.txHash)], ids: [tx.id],
    maxFeePerGas: tx.maxFeePerGas ?? 0n, maxPriorityFeePerGas: tx.maxPriorityFeePerGas ?? 0n,
    request: { kind: tx.kind, batchIndex: tx.batchIndex, leafFrom: tx.leafFrom ?? undefined, leafTo: tx.leafTo ?? undefined, ...decodeRaw(rawTx) },
  }
}

/** `to`, `data` and `gas` of a stored tx, needed to re-sign it with bumped fees. */
function decodeRaw(rawTx: Hex): { to: Address; data: Hex; gas: bigint } {
  const tx = parseTransaction(rawTx)
  if (!tx.to || tx.gas === undefined) throw new RelayerError('stored tx cannot be parsed', { code: 'CONFIG_INVALID', action: 'fatal' })
  return { to: tx.to, data: tx.data ?? '0x', gas: tx.gas }
}

async function broadcastAndMark(ctx: ManagerContext, pending: Pending): Promise<void> {
  await broadcast(ctx.deps.chain.client, pending.rawTx)
  try {
    await updateOutgoingTx(ctx.deps.db, { id: pending.id, to: 'sent' })
  } catch (error) {
    // Already `sent` (a rebroadcast after restart): nothing to record.
    if (!isRelaymeshError(error, 'ILLEGAL_TRANSITION')) throw error
  }
}

/** Polls for a receipt of any of the tx's versions; bumps fees when it is slow; marks the winner mined (or failed if reverted). */
async function waitMined(ctx: ManagerContext, pending: Pending): Promise<TxResult> {
  const { deps, options } = ctx
  let lastBroadcast = deps.clock.now()
  let takenSince: number | undefined
  for (;;) {
    if (deps.signal?.aborted)
      throw new RelayerError('stopping while a tx is in flight', { code: 'STOPPING', action: 'retry', meta: { nonce: pending.nonce, hashes: pending.hashes } })
    const found = await pollReceipt(deps.chain.client, pending.hashes, Math.max(1, options.confirmations))
    if (found) return settleMined(ctx, pending, found)
    if (!(await isNonceTaken(deps.chain.client, deps.account.address, pending))) takenSince = undefined
    else if (takenSince === undefined) takenSince = deps.clock.now()
    else if (deps.clock.now() - takenSince >= options.nonceConflictGraceMs) {
      await updateOutgoingTx(deps.db, { id: pending.id, to: 'failed' })
      throw new RelayerError('nonce was taken by another transaction', {
        code: 'TX_NONCE_CONFLICT', action: 'retry', meta: { nonce: pending.nonce, hashes: pending.hashes },
      })
    }
    if (deps.clock.now() - lastBroadcast >= options.bumpAfterMs) {
      await bump(ctx, pending)
      lastBroadcast = deps.clock.now()
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs))
  }
}

async function settleMined(ctx: ManagerContext, pending: Pending, receipt: TransactionReceipt): Promise<TxResult> {
  const winner = receipt.transactionHash
  const at = pending.hashes.indexOf(winner)
  const row = pending.ids[at]
  // The bump may have raced the miner: an earlier version won, so the latest one is the replaced one.
  if (row !== undefined && row !== pending.id) await updateOutgoingTx(ctx.deps.db, { id: pending.id, to: 'replaced' })
  if (row !== undefined) await updateOutgoingTx(ctx.deps.db, { id: row, to: receipt.status === 'success' ? 'mined' : 'failed' })
  if (receipt.status !== 'success') {
    const revert = await revertOf(ctx.deps.chain.client, ctx.deps.account.address, pending.request, receipt)
    throw txReverted(revert, { txHash: winner, kind: pending.request.kind, batchIndex: pending.request.batchIndex })
  }
  return { txHash: winner, receipt, row: row ?? pending.id }
}

/** Same nonce, fees up by at least 12.5% (what nodes require to replace), persisted with `replaces` before it leaves. */
async function bump(ctx: ManagerContext, pending: Pending): Promise<void> {
  const fees = await nextFees(ctx.deps.chain.client, pending)
  const rawTx = await ctx.sign({ nonce: pending.nonce, request: pending.request, ...fees })
  const id = await ctx.persist({ nonce: pending.nonce, request: pending.request, rawTx, ...fees }, pending.id)
  Object.assign(pending, { id, rawTx, ...fees })
  pending.hashes.push(keccak256(rawTx))
  pending.ids.push(id)
  ctx.deps.logger.warn({ nonce: pending.nonce.toString(), txHash: keccak256(rawTx), maxFeePerGas: fees.maxFeePerGas.toString() }, 'tx slow; fees bumped')
  await broadcastAndMark(ctx, pending)
}
