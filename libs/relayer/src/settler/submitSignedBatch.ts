import { isRelaymeshError } from '@relaymesh/errors'
import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import { bytesToHex } from '@relaymesh/protocol'
import { getBatch, getBatchMessageIds, refuseBatch, transitionBatch } from '@relaymesh/store'
import { encodeFunctionData, type Hex } from 'viem'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { listBatchRows } from '../batch/listBatchRows.js'
import type { BatchRow } from '../batch/BatchRow.js'
import type { BatchDestination } from '../batch/batchDestination.js'
import { decodeRevert, txReverted } from './decodeRevert.js'
import { headerOf } from './headerOf.js'
import type { ExecuteOptions } from './executeSettledMessages.js'
import { prepareOneShot } from './prepareOneShot.js'
import type { TxManager } from './txManager.js'
import type { TxRequest } from './TxRequest.js'
import { waitForFollower } from './waitForFollower.js'

/** What `submitSignedBatch` needs beyond the batch: the settler's gas cap and the follower wait (`ExecuteOptions`). */
export type SubmitSignedBatchOptions = Pick<ExecuteOptions, 'maxGas' | 'followerWaitMs'>

/**
 * Settles the destination's lowest `signed` batch. First choice, the one-shot
 * path (PROTOCOL.md "One-shot settlement"): `submitAndExecute(header, packed
 * messages, signatures)` settles and executes every message in one
 * transaction, when its estimate passes within `maxGas`; then it waits for the
 * inbox follower to record the outcome, as after an execute. Otherwise
 * `submitBatch(header, ids, signatures)`, and the messages are executed in
 * chunks with multiproofs (`executeSettledMessages`). Signatures are sorted
 * by ascending signer. Returns true when it did work. A batch the inbox
 * already holds with our hash counts as submitted; one it can never accept
 * (root, chain link, quorum) is refused, so its messages return to the queue;
 * `Paused` / out-of-order are retried later. The one-shot transaction is
 * stored as kind `submitBatch` with the leaf range it executes.
 */
export async function submitSignedBatch(
  ctx: RelayerContext,
  target: BatchDestination,
  txs: TxManager,
  options: SubmitSignedBatchOptions,
): Promise<boolean> {
  const [batch] = await listBatchRows(ctx.db, target.destination, 'signed', 1)
  if (!batch) return false
  const inbox = { address: target.domain.inbox, abi: settlementInboxAbi } as const
  const next = await target.chain.client.readContract({ ...inbox, functionName: 'nextBatchIndex' })
  if (next > batch.batchIndex) return reconcileSubmitted(ctx, target, batch, undefined)
  if (next < batch.batchIndex) return false
  const args = await submitArgs(ctx, target, batch)
  const plan = await prepareOneShot(ctx, target, {
    batch,
    header: args[0],
    signatures: args[2],
    maxGas: options.maxGas,
    gasMarginTenths: 12n,
  })
  const prepared = await submitRequest(ctx, target, batch, args, plan)
  if ('rejected' in prepared) return onSubmitRejected(ctx, target, batch, prepared.rejected)
  const request = prepared.request
  try {
    const { txHash, receipt } = await txs.send(request, {
      onBroadcast: (txHash) => markSubmitted(ctx, target.destination, batch.batchIndex, txHash),
    })
    ctx.logger.info(
      {
        destination: target.destination,
        batchIndex: batch.batchIndex.toString(),
        txHash,
        path: plan.kind,
        gasUsed: receipt.gasUsed.toString(),
      },
      'batch submitted',
    )
    if (plan.kind === 'one-shot')
      await waitForFollower(ctx, target.destination, receipt.blockNumber, options.followerWaitMs)
  } catch (error) {
    if (!isRelaymeshError(error, 'TX_REVERTED')) throw error
    return onSubmitRejected(ctx, target, batch, error)
  }
  return true
}

type SubmitArgs = Awaited<ReturnType<typeof submitArgs>>
type RejectedSubmit = Error & { action?: string; meta?: Record<string, unknown> }

/**
 * The settling tx: the one-shot plan's, or `submitBatch` with its estimate (a reverting estimate rejects the batch).
 */
async function submitRequest(
  ctx: RelayerContext,
  target: BatchDestination,
  batch: BatchRow,
  args: SubmitArgs,
  plan: Awaited<ReturnType<typeof prepareOneShot>>,
): Promise<{ request: TxRequest } | { rejected: RejectedSubmit }> {
  const base = { kind: 'submitBatch', batchIndex: batch.batchIndex, to: target.domain.inbox } as const
  if (plan.kind === 'one-shot')
    return { request: { ...base, leafFrom: 0, leafTo: batch.messageCount, data: plan.data, gas: plan.gas } }
  ctx.logger.info(
    { destination: target.destination, batchIndex: batch.batchIndex.toString(), why: plan.why, revert: plan.revert },
    'batch settles in two steps',
  )
  try {
    const gas = await target.chain.client.estimateContractGas({
      address: target.domain.inbox,
      abi: settlementInboxAbi,
      functionName: 'submitBatch',
      args,
      account: ctx.account,
    })
    const data = encodeFunctionData({ abi: settlementInboxAbi, functionName: 'submitBatch', args })
    return { request: { ...base, data, gas: (gas * 12n) / 10n } }
  } catch (error) {
    const meta = { batchIndex: batch.batchIndex, stage: 'estimate' }
    return { rejected: txReverted(decodeRevert(error), meta, error) }
  }
}

async function submitArgs(ctx: RelayerContext, target: BatchDestination, batch: BatchRow) {
  const { destination } = target
  const [ids, stored] = await Promise.all([
    getBatchMessageIds(ctx.db, { destination, batchIndex: batch.batchIndex }),
    getBatch(ctx.db, { destination, batchIndex: batch.batchIndex }),
  ])
  // getBatch orders by signer bytes, which is ascending address order (PROTOCOL.md); the quorum needs only `threshold`.
  const signatures = (stored?.signatures ?? []).slice(0, ctx.config.threshold).map((s) => bytesToHex(s.signature))
  return [headerOf(destination, batch), ids.map((id) => bytesToHex(id)), signatures] as const
}

async function onSubmitRejected(
  ctx: RelayerContext,
  target: BatchDestination,
  batch: BatchRow,
  error: RejectedSubmit,
): Promise<boolean> {
  const errorName = String(error.meta?.['errorName'] ?? 'Unknown')
  if (errorName === 'BatchAlreadySubmitted') return reconcileSubmitted(ctx, target, batch, undefined)
  if (error.action === 'retry') throw error
  await refuseIfUnsubmitted(ctx, target.destination, batch, errorName)
  return true
}

/**
 * The inbox is past this index: ours if its stored hash is ours (then `submitted`), otherwise the batch can never
 * settle.
 */
async function reconcileSubmitted(
  ctx: RelayerContext,
  target: BatchDestination,
  batch: BatchRow,
  txHash: Hex | undefined,
): Promise<boolean> {
  const onChain = await target.chain.client.readContract({
    address: target.domain.inbox,
    abi: settlementInboxAbi,
    functionName: 'batchHashes',
    args: [batch.batchIndex],
  })
  if (onChain === batch.batchHash) {
    await markSubmitted(ctx, target.destination, batch.batchIndex, txHash)
    return true
  }
  await refuseIfUnsubmitted(ctx, target.destination, batch, 'BatchAlreadySubmitted')
  return true
}

async function refuseIfUnsubmitted(
  ctx: RelayerContext,
  destination: number,
  batch: BatchRow,
  errorName: string,
): Promise<void> {
  ctx.logger.error(
    { destination, batchIndex: batch.batchIndex.toString(), errorName },
    'inbox will not accept batch; refusing it',
  )
  await refuseBatch(ctx.db, {
    destination,
    batchIndex: batch.batchIndex,
    reasonCode: 'TX_REVERTED',
    details: { errorName },
  })
}

async function markSubmitted(
  ctx: RelayerContext,
  destination: number,
  batchIndex: bigint,
  txHash: Hex | undefined,
): Promise<void> {
  try {
    await transitionBatch(ctx.db, {
      destination,
      batchIndex,
      to: 'submitted',
      submitTxHash: txHash ? Buffer.from(txHash.slice(2), 'hex') : undefined,
    })
  } catch (error) {
    // The inbox follower got there first (submitted or settled): fine.
    if (!isRelaymeshError(error, 'ILLEGAL_TRANSITION')) throw error
  }
}
