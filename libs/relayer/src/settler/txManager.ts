import { isRelaymeshError } from '@relaymesh/errors'
import { bytesToHex, hexToBytes } from '@relaymesh/protocol'
import {
  insertOutgoingTx,
  listPendingOutgoingTxs,
  listReplacedOutgoingTxs,
  updateOutgoingTx,
  type OutgoingTx,
  type OutgoingTxKind,
} from '@relaymesh/store'
import { keccak256, parseTransaction, type Address, type Hex, type TransactionReceipt } from 'viem'
import type { RelayerChain, RelayerContext } from '../context/createRelayerContext.js'
import { RelayerError } from '../RelayerError.js'
import { txReverted } from './decodeRevert.js'
import { decidePendingTx, type PendingTxWatch } from './decidePendingTx.js'
import { broadcast, isNonceTaken, nextFees, readNodeView, readReceipt, revertOf } from './txChain.js'

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
  /**
   * How often a tx without a receipt is looked up in the node: one it no longer holds (dropped from the pool, a
   * node restarted without it) goes out again with the same bytes; one above a gap nothing fills is given up
   * (`TX_NONCE_GAP`, after `nonceConflictGraceMs`).
   */
  lookEveryMs: number
  /** Test hook: runs after the signed tx is persisted and before it is broadcast (a throw simulates a crash there). */
  afterPersist?: ((tx: { id: bigint; txHash: Hex }) => Promise<void>) | undefined
}

export const defaultTxManagerOptions = {
  bumpAfterMs: 30_000,
  pollMs: 250,
  nonceConflictGraceMs: 5_000,
  lookEveryMs: 2_000,
} as const

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

/** A persisted tx `resume` brought to an end: mined (`result`), or booked failed (`error`: reverted, or its nonce taken or above a gap). */
export type ResumedTx = { tx: OutgoingTx; result?: TxResult | undefined; error?: unknown }

export type ResumeReturnType = {
  /** In nonce order. */
  done: ResumedTx[]
  /**
   * The first tx that could not be brought to an end (the node unreachable, say). It and every later nonce stay
   * persisted for the next `resume` (or `send`, which resumes first): a later tx is never waited on behind it.
   */
  stuck?: { tx: OutgoingTx; error: unknown } | undefined
}

export type TxManager = {
  /**
   * Signs, persists (BEFORE broadcast), broadcasts and waits for the receipt, bumping fees when slow and sending
   * the same bytes again if the node loses it. First resumes whatever is persisted and pending, so a new nonce is
   * never taken above one that may still be missing (throws the stuck tx's error when one cannot be resumed).
   */
  send(request: TxRequest, hooks?: { onBroadcast?: (txHash: Hex) => Promise<void> }): Promise<TxResult>
  /**
   * Brings every persisted `signed`/`sent` tx to an end, lowest nonce first: a mined one is recorded; one the node
   * holds is waited for; one it lost goes out again with its stored bytes while its nonce is free; one whose
   * nonce another tx took, or that sits above a gap, is booked failed (`decidePendingTx`).
   */
  resume(): Promise<ResumeReturnType>
}

export type TxManagerDeps = Pick<RelayerContext, 'db' | 'account' | 'logger' | 'clock'> & {
  chain: RelayerChain
  /** Stops waiting for a receipt (the tx stays persisted; `resume` picks it up on the next start). */
  signal?: AbortSignal | undefined
}

type Pending = {
  id: bigint
  nonce: bigint
  request: TxRequest
  hashes: Hex[]
  ids: bigint[]
  maxFeePerGas: bigint
  maxPriorityFeePerGas: bigint
  rawTx: Hex
}

/**
 * The transaction manager of one chain and one sender (DESIGN.md "Never
 * twice, never lost"). Every signed tx is stored before it leaves; a tx the
 * node loses, before or after a restart, goes out again with its stored bytes
 * instead of being signed anew. Nonces stay gapless: a new tx takes the
 * chain's pending count only once no persisted tx is pending, and a persisted
 * tx that can never be mined (its nonce taken, or above a gap) is booked
 * failed rather than waited on. Callers send one tx at a time per manager.
 *
 * @example
 * const txs = createTxManager({ db, account, logger, clock, chain }, { confirmations: 1, ...defaultTxManagerOptions })
 * const { stuck } = await txs.resume()
 * const { receipt } = await txs.send({ kind: 'submitBatch', batchIndex, to: inbox, data, gas })
 */
export function createTxManager(deps: TxManagerDeps, options: TxManagerOptions): TxManager {
  const from = deps.account.address
  const sign = signerOf(deps)
  const persist = persisterOf(deps)
  const ctx = { deps, options, sign, persist }
  return {
    async send(request, hooks) {
      const leftovers = await resumeAll(ctx)
      for (const { tx, error } of leftovers.done)
        deps.logger.warn(
          { err: error, nonce: tx.nonce.toString(), kind: tx.kind, batchIndex: tx.batchIndex.toString() },
          'persisted tx resumed before a new one',
        )
      if (leftovers.stuck) throw leftovers.stuck.error
      // Nothing of ours is pending in the store, so the chain's pending count is the next free nonce.
      const nonce = BigInt(await deps.chain.client.getTransactionCount({ address: from, blockTag: 'pending' }))
      const fees = await nextFees(deps.chain.client, undefined)
      const rawTx = await sign({ nonce, request, ...fees })
      const txHash = keccak256(rawTx)
      const id = await persist({ nonce, request, rawTx, txHash, ...fees })
      const pending: Pending = { id, nonce, request, hashes: [txHash], ids: [id], rawTx, ...fees }
      await options.afterPersist?.({ id, txHash })
      let lookedAt = deps.clock.now()
      try {
        await broadcastAndMark(ctx, pending)
      } catch (error) {
        // Persisted, so not lost: the first poll looks it up in the node and sends it again.
        if (!isRelaymeshError(error) || error.action !== 'retry') throw error
        deps.logger.warn({ err: error, nonce: nonce.toString() }, 'broadcast failed; will send it again')
        lookedAt = Number.NEGATIVE_INFINITY
      }
      await hooks?.onBroadcast?.(txHash)
      return waitMined(ctx, pending, lookedAt)
    },
    resume: () => resumeAll(ctx),
  }
}

/** Signs a tx of this manager's chain and sender at the given nonce and fees. */
function signerOf(deps: TxManagerDeps) {
  const chainId = deps.chain.chain.id
  return async (p: Omit<Pending, 'id' | 'hashes' | 'ids' | 'rawTx'>): Promise<Hex> =>
    deps.account.signTransaction({
      chainId,
      type: 'eip1559',
      nonce: Number(p.nonce),
      to: p.request.to,
      data: p.request.data,
      gas: p.request.gas,
      maxFeePerGas: p.maxFeePerGas,
      maxPriorityFeePerGas: p.maxPriorityFeePerGas,
    })
}

/**
 * Stores a signed tx before it leaves. `txHash`: keccak of `rawTx`, computed once per signature by the caller (an
 * execute tx's calldata is hundreds of KB).
 */
function persisterOf(deps: TxManagerDeps) {
  const fromAddress = hexToBytes(deps.account.address)
  return async (p: Omit<Pending, 'id' | 'hashes' | 'ids'> & { txHash: Hex }, replaces?: bigint): Promise<bigint> =>
    insertOutgoingTx(deps.db, {
      chain: deps.chain.chain.id,
      fromAddress,
      nonce: p.nonce,
      kind: p.request.kind,
      batchIndex: p.request.batchIndex,
      leafFrom: p.request.leafFrom ?? null,
      leafTo: p.request.leafTo ?? null,
      txHash: hexToBytes(p.txHash),
      rawTx: hexToBytes(p.rawTx),
      maxFeePerGas: p.maxFeePerGas,
      maxPriorityFeePerGas: p.maxPriorityFeePerGas,
      replaces,
    })
}

/** Errors after which the tx is booked (failed) and needs nothing more: its work is decided again. */
const BOOKED = ['TX_REVERTED', 'TX_NONCE_CONFLICT', 'TX_NONCE_GAP'] as const
const isBooked = (error: unknown) => BOOKED.some((code) => isRelaymeshError(error, code))

async function resumeAll(ctx: ManagerContext): Promise<ResumeReturnType> {
  const { deps } = ctx
  const sender = { chain: deps.chain.chain.id, fromAddress: hexToBytes(deps.account.address) }
  const rows = await listPendingOutgoingTxs(deps.db, sender)
  const earlier = await listReplacedOutgoingTxs(deps.db, { ...sender, nonces: rows.map((tx) => tx.nonce) })
  const done: ResumedTx[] = []
  for (const tx of rows) {
    try {
      const pending = pendingFromRow(
        tx,
        earlier.filter((e) => e.nonce === tx.nonce && e.id < tx.id),
      )
      deps.logger.info(
        {
          chain: deps.chain.chain.id,
          nonce: tx.nonce.toString(),
          txHash: bytesToHex(tx.txHash),
          versions: pending.hashes.length,
          kind: tx.kind,
        },
        'resuming persisted tx',
      )
      // Look the tx up in the node at once: a restart is when it is most likely to have been lost.
      done.push({ tx, result: await waitMined(ctx, pending, Number.NEGATIVE_INFINITY) })
    } catch (error) {
      if (isRelaymeshError(error) && error.action === 'fatal') throw error
      if (isBooked(error)) {
        done.push({ tx, error })
        continue
      }
      // Later nonces cannot be mined before this one: waiting on them would hang, and a new nonce above them would queue.
      return { done, stuck: { tx, error } }
    }
  }
  return { done }
}

type ManagerContext = {
  deps: TxManagerDeps
  options: TxManagerOptions
  sign: (p: Omit<Pending, 'id' | 'hashes' | 'ids' | 'rawTx'>) => Promise<Hex>
  persist: (p: Omit<Pending, 'id' | 'hashes' | 'ids'> & { txHash: Hex }, replaces?: bigint) => Promise<bigint>
}

/** A persisted tx as the manager tracks it; `earlier`: its replaced versions, any of which the chain may include instead. */
function pendingFromRow(tx: OutgoingTx, earlier: readonly OutgoingTx[]): Pending {
  const rawTx = bytesToHex(tx.rawTx)
  const versions = [...earlier, tx]
  return {
    id: tx.id,
    nonce: tx.nonce,
    rawTx,
    hashes: versions.map((v) => bytesToHex(v.txHash)),
    ids: versions.map((v) => v.id),
    maxFeePerGas: tx.maxFeePerGas ?? 0n,
    maxPriorityFeePerGas: tx.maxPriorityFeePerGas ?? 0n,
    request: {
      kind: tx.kind,
      batchIndex: tx.batchIndex,
      leafFrom: tx.leafFrom ?? undefined,
      leafTo: tx.leafTo ?? undefined,
      ...decodeRaw(rawTx),
    },
  }
}

/** `to`, `data` and `gas` of a stored tx, needed to re-sign it with bumped fees. */
function decodeRaw(rawTx: Hex): { to: Address; data: Hex; gas: bigint } {
  const tx = parseTransaction(rawTx)
  if (!tx.to || tx.gas === undefined)
    throw new RelayerError('stored tx cannot be parsed', { code: 'CONFIG_INVALID', action: 'fatal' })
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

/**
 * Polls the chain for the tx until `decidePendingTx` records it: a receipt of any of its versions (mined, or failed
 * if reverted). On the way it bumps fees when slow, sends the stored bytes again when the node lost them, and gives
 * it up (booked failed, thrown for the caller to decide the work again) when its nonce is taken or above a gap.
 * `lookedAt`: when the node was last asked about the tx (`-Infinity`: ask at the first poll).
 */
async function waitMined(ctx: ManagerContext, pending: Pending, lookedAt: number): Promise<TxResult> {
  const { deps, options } = ctx
  const client = deps.chain.client
  const from = deps.account.address
  const decideOptions = { bumpAfterMs: options.bumpAfterMs, graceMs: options.nonceConflictGraceMs }
  let watch: PendingTxWatch = { broadcastAt: deps.clock.now() }
  let justSent = false
  for (;;) {
    if (deps.signal?.aborted)
      throw new RelayerError('stopping while a tx is in flight', {
        code: 'STOPPING',
        action: 'retry',
        meta: { nonce: pending.nonce, hashes: pending.hashes },
      })
    const now = deps.clock.now()
    const found = await readReceipt(client, pending.hashes, Math.max(1, options.confirmations))
    const nonceTaken = !found && (await isNonceTaken(client, from, pending))
    const look = !found && !nonceTaken && now - lookedAt >= options.lookEveryMs
    const node = look ? await readNodeView(client, from, pending.hashes) : undefined
    if (look) lookedAt = now
    const receipt = found && (found.confirmed ? 'confirmed' : 'confirming')
    const decided = decidePendingTx(watch, { now, nonce: pending.nonce, receipt, nonceTaken, node }, decideOptions)
    watch = decided.watch
    const { action } = decided
    if (action.kind === 'record' && found) return settleMined(ctx, pending, found.receipt)
    if (action.kind === 'give-up') {
      await bookFailed(ctx, pending)
      const why =
        action.code === 'TX_NONCE_CONFLICT'
          ? 'nonce was taken by another transaction'
          : 'tx sits above a nonce gap nothing fills'
      throw new RelayerError(why, {
        code: action.code,
        action: 'retry',
        meta: { nonce: pending.nonce, hashes: pending.hashes, pendingCount: node?.pendingCount },
      })
    }
    if (action.kind === 'rebroadcast' || action.kind === 'bump') {
      await (action.kind === 'rebroadcast' ? rebroadcast(ctx, pending) : bump(ctx, pending))
      watch = { ...watch, broadcastAt: deps.clock.now() }
      // Just sent: on an automining node the receipt is there already. Once only, so no setting can make this spin.
      if (!justSent) {
        justSent = true
        continue
      }
    }
    justSent = false
    await new Promise((resolve) => setTimeout(resolve, options.pollMs))
  }
}

/** Every version of a tx that can no longer be mined is failed: a replaced one left `replaced` would pass for a version of the next tx at its nonce. */
async function bookFailed(ctx: ManagerContext, pending: Pending): Promise<void> {
  await updateOutgoingTx(ctx.deps.db, { id: pending.id, to: 'failed' })
  for (const id of pending.ids) {
    if (id === pending.id) continue
    try {
      await updateOutgoingTx(ctx.deps.db, { id, to: 'failed' })
    } catch (error) {
      if (!isRelaymeshError(error, 'ILLEGAL_TRANSITION')) throw error
    }
  }
}

/**
 * The node lost the tx: the stored bytes again (same hash, same nonce). If it refuses them because their fee cap
 * is now below the base fee, the same nonce re-signed with fees that pass. Any other refusal (the node unreachable,
 * say) is thrown with the tx left as it is: re-signing on every retry would only ratchet the fees up.
 */
async function rebroadcast(ctx: ManagerContext, pending: Pending): Promise<void> {
  const log = {
    nonce: pending.nonce.toString(),
    txHash: keccak256(pending.rawTx),
    kind: pending.request.kind,
    batchIndex: pending.request.batchIndex.toString(),
  }
  try {
    await broadcastAndMark(ctx, pending)
    ctx.deps.logger.warn(log, 'tx lost by the node; stored bytes sent again')
  } catch (error) {
    if (!isRelaymeshError(error) || error.action !== 'retry') throw error
    const { baseFeePerGas } = await ctx.deps.chain.client.getBlock({ blockTag: 'latest' })
    // The next block's base fee may be up to 12.5% above the latest one's (EIP-1559): the node checks against that.
    if (baseFeePerGas === null || pending.maxFeePerGas * 1000n >= baseFeePerGas * 1125n) throw error
    ctx.deps.logger.warn(
      { ...log, err: error, baseFeePerGas: baseFeePerGas.toString() },
      'tx lost by the node and its fee cap is below the base fee; re-signing at the same nonce',
    )
    await bump(ctx, pending)
  }
}

async function settleMined(ctx: ManagerContext, pending: Pending, receipt: TransactionReceipt): Promise<TxResult> {
  const winner = receipt.transactionHash
  const at = pending.hashes.indexOf(winner)
  const row = pending.ids[at]
  // The bump may have raced the miner: an earlier version won, so the latest one is the replaced one.
  if (row !== undefined && row !== pending.id) await updateOutgoingTx(ctx.deps.db, { id: pending.id, to: 'replaced' })
  if (row !== undefined)
    await updateOutgoingTx(ctx.deps.db, { id: row, to: receipt.status === 'success' ? 'mined' : 'failed' })
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
  const txHash = keccak256(rawTx)
  const id = await ctx.persist({ nonce: pending.nonce, request: pending.request, rawTx, txHash, ...fees }, pending.id)
  Object.assign(pending, { id, rawTx, ...fees })
  pending.hashes.push(txHash)
  pending.ids.push(id)
  ctx.deps.logger.warn(
    { nonce: pending.nonce.toString(), txHash, maxFeePerGas: fees.maxFeePerGas.toString() },
    'tx slow; fees bumped',
  )
  await broadcastAndMark(ctx, pending)
}
