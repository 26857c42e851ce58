import { isRelaymeshError } from '@relaymesh/errors'
import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import { bytesToHex } from '@relaymesh/protocol'
import { getBatch, getBatchMessageIds, refuseBatch, transitionBatch } from '@relaymesh/store'
import { encodeFunctionData, type Hex } from 'viem'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { listBatches, type BatchRow } from '../batcher/batchQueries.js'
import type { BatchHeader } from '../batcher/batchHeader.js'
import type { BatchDestination } from '../batcher/destinations.js'
import { decodeRevert, txReverted } from './decodeRevert.js'
import type { TxManager } from './txManager.js'

export const headerOf = (destination: number, b: BatchRow): BatchHeader => ({
  destination, batchIndex: b.batchIndex, root: b.root, messageCount: b.messageCount, previousBatchHash: b.previousBatchHash,
})

/**
 * Submits the destination's lowest `signed` batch: `submitBatch(header, ids,
 * signatures sorted by ascending signer)`. Returns true when it did work.
 * A batch the inbox already holds with our hash counts as submitted; one it
 * can never accept (root, chain link, quorum) is refused, so its messages
 * return to the queue; `Paused` / out-of-order are retried later.
 */
export async function submitSignedBatch(ctx: RelayerContext, target: BatchDestination, txs: TxManager): Promise<boolean> {
  const [batch] = await listBatches(ctx.db, target.destination, 'signed', 1)
  if (!batch) return false
  const inbox = { address: target.domain.inbox, abi: settlementInboxAbi } as const
  const next = await target.chain.client.readContract({ ...inbox, functionName: 'nextBatchIndex' })
  if (next > batch.batchIndex) return reconcileSubmitted(ctx, target, batch, undefined)
  if (next < batch.batchIndex) return false
  const args = await submitArgs(ctx, target, batch)
  let gas: bigint
  try {
    gas = await target.chain.client.estimateContractGas({ ...inbox, functionName: 'submitBatch', args, account: ctx.account })
  } catch (error) {
    return onSubmitRejected(ctx, target, batch, txReverted(decodeRevert(error), { batchIndex: batch.batchIndex, stage: 'estimate' }, error))
  }
  const data = encodeFunctionData({ abi: settlementInboxAbi, functionName: 'submitBatch', args })
  try {
    const { txHash } = await txs.send(
      { kind: 'submitBatch', batchIndex: batch.batchIndex, to: target.domain.inbox, data, gas: (gas * 12n) / 10n },
      { onBroadcast: (txHash) => markSubmitted(ctx, target.destination, batch.batchIndex, txHash) },
    )
    ctx.logger.info({ destination: target.destination, batchIndex: batch.batchIndex.toString(), txHash }, 'batch submitted')
  } catch (error) {
    if (!isRelaymeshError(error, 'TX_REVERTED')) throw error
    return onSubmitRejected(ctx, target, batch, error)
  }
  return true
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

async function onSubmitRejected(ctx: RelayerContext, target: BatchDestination, batch: BatchRow, error: Error & { action?: string; meta?: Record<string, unknown> }): Promise<boolean> {
  const errorName = String(error.meta?.['errorName'] ?? 'Unknown')
  if (errorName === 'BatchAlreadySubmitted') return reconcileSubmitted(ctx, target, batch, undefined)
  if (error.action === 'retry') throw error
  await refuseIfUnsubmitted(ctx, target.destination, batch, errorName)
  return true
}

/** The inbox is past this index: ours if its stored hash is ours (then `submitted`), otherwise the batch can never settle. */
async function reconcileSubmitted(ctx: RelayerContext, target: BatchDestination, batch: BatchRow, txHash: Hex | undefined): Promise<boolean> {
  const onChain = await target.chain.client.readContract({
    address: target.domain.inbox, abi: settlementInboxAbi, functionName: 'batchHashes', args: [batch.batchIndex],
  })
  if (onChain === batch.batchHash) {
    await markSubmitted(ctx, target.destination, batch.batchIndex, txHash)
    return true
  }
  await refuseIfUnsubmitted(ctx, target.destination, batch, 'BatchAlreadySubmitted')
  return true
}

async function refuseIfUnsubmitted(ctx: RelayerContext, destination: number, batch: BatchRow, errorName: string): Promise<void> {
  ctx.logger.error({ destination, batchIndex: batch.batchIndex.toString(), errorName }, 'inbox will not accept batch; refusing it')
  await refuseBatch(ctx.db, { destination, batchIndex: batch.batchIndex, reasonCode: 'TX_REVERTED', details: { errorName } })
}

async function markSubmitted(ctx: RelayerContext, destination: number, batchIndex: bigint, txHash: Hex | undefined): Promise<void> {
  try {
    await transitionBatch(ctx.db, { destination, batchIndex, to: 'submitted', submitTxHash: txHash ? Buffer.from(txHash.slice(2), 'hex') : undefined })
  } catch (error) {
    // The inbox follower got there first (submitted or settled): fine.
    if (!isRelaymeshError(error, 'ILLEGAL_TRANSITION')) throw error
  }
}
