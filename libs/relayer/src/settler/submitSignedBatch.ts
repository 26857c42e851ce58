import { isRelaymeshError } from '@relaymesh/errors'
import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import { bytesToHex } from '@relaymesh/protocol'
import { encodeFunctionData, type Hex } from 'viem'
import type { BatchRow } from '../batch/BatchRow.js'
import { decideSubmit } from './decideSubmit.js'
import { decideSubmitRejection } from './decideSubmitRejection.js'
import { decodeRevert, txReverted } from './decodeRevert.js'
import { headerOf } from './headerOf.js'
import type { ExecuteOptions } from './executeSettledMessages.js'
import { prepareOneShot } from './prepareOneShot.js'
import type { SettlerDeps } from './SettlerDeps.js'
import type { SubmitBatchArgs } from './SettlerInbox.js'
import type { TxRequest } from './TxRequest.js'
import { waitForFollower } from './waitForFollower.js'

/**
 * What `submitSignedBatch` needs beyond the batch: the settler's gas cap and the follower wait (`ExecuteOptions`),
 * and how many co-signatures the inbox wants (`config.threshold`).
 */
export type SubmitSignedBatchOptions = Pick<ExecuteOptions, 'maxGas' | 'followerWaitMs'> & { threshold: number }

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
 * `Paused` / out-of-order are retried later (`decideSubmit`, `decideSubmitRejection`). The one-shot transaction is
 * stored as kind `submitBatch` with the leaf range it executes.
 */
export async function submitSignedBatch(deps: SettlerDeps, options: SubmitSignedBatchOptions): Promise<boolean> {
  const [batch] = await deps.store.listBatches({ destination: deps.destination, state: 'signed', limit: 1 })
  if (!batch) return false
  const step = decideSubmit({ batchIndex: batch.batchIndex, nextBatchIndex: await deps.inbox.nextBatchIndex() })
  if (step === 'reconcile') return reconcileSubmitted(deps, batch, undefined)
  if (step === 'wait') return false
  const args = await submitArgs(deps, batch, options.threshold)
  const plan = await prepareOneShot(deps, {
    batch,
    header: args[0],
    signatures: args[2],
    maxGas: options.maxGas,
    gasMarginTenths: 12n,
  })
  const prepared = await submitRequest(deps, batch, args, plan)
  if ('rejected' in prepared) return onSubmitRejected(deps, batch, prepared.rejected)
  const request = prepared.request
  try {
    const { txHash, receipt } = await deps.txs.send(request, {
      onBroadcast: (txHash) => markSubmitted(deps, batch.batchIndex, txHash),
    })
    deps.logger.info(
      {
        destination: deps.destination,
        batchIndex: batch.batchIndex.toString(),
        txHash,
        path: plan.kind,
        gasUsed: receipt.gasUsed.toString(),
      },
      'batch submitted',
    )
    if (plan.kind === 'one-shot') await waitForFollower(deps, receipt.blockNumber, options.followerWaitMs)
  } catch (error) {
    if (!isRelaymeshError(error, 'TX_REVERTED')) throw error
    return onSubmitRejected(deps, batch, error)
  }
  return true
}

type RejectedSubmit = Error & { action?: string; meta?: Record<string, unknown> }

/**
 * The settling tx: the one-shot plan's, or `submitBatch` with its estimate (a reverting estimate rejects the batch).
 */
async function submitRequest(
  deps: SettlerDeps,
  batch: BatchRow,
  args: SubmitBatchArgs,
  plan: Awaited<ReturnType<typeof prepareOneShot>>,
): Promise<{ request: TxRequest } | { rejected: RejectedSubmit }> {
  const base = { kind: 'submitBatch', batchIndex: batch.batchIndex, to: deps.inbox.address } as const
  if (plan.kind === 'one-shot')
    return { request: { ...base, leafFrom: 0, leafTo: batch.messageCount, data: plan.data, gas: plan.gas } }
  deps.logger.info(
    { destination: deps.destination, batchIndex: batch.batchIndex.toString(), why: plan.why, revert: plan.revert },
    'batch settles in two steps',
  )
  try {
    const gas = await deps.inbox.estimateSubmitBatch(args)
    const data = encodeFunctionData({ abi: settlementInboxAbi, functionName: 'submitBatch', args })
    return { request: { ...base, data, gas: (gas * 12n) / 10n } }
  } catch (error) {
    const meta = { batchIndex: batch.batchIndex, stage: 'estimate' }
    return { rejected: txReverted(decodeRevert(error), meta, error) }
  }
}

async function submitArgs(deps: SettlerDeps, batch: BatchRow, threshold: number): Promise<SubmitBatchArgs> {
  const { destination } = deps
  const [ids, signatures] = await Promise.all([
    deps.store.getBatchMessageIds({ destination, batchIndex: batch.batchIndex }),
    deps.store.getBatchSignatures({ destination, batchIndex: batch.batchIndex }),
  ])
  // Stored in signer byte order, which is ascending address order (PROTOCOL.md); the quorum needs only `threshold`.
  const quorum = signatures.slice(0, threshold).map((s) => bytesToHex(s))
  return [headerOf(destination, batch), ids.map((id) => bytesToHex(id)), quorum]
}

async function onSubmitRejected(deps: SettlerDeps, batch: BatchRow, error: RejectedSubmit): Promise<boolean> {
  const errorName = String(error.meta?.['errorName'] ?? 'Unknown')
  const next = decideSubmitRejection({ errorName, action: error.action })
  if (next === 'reconcile') return reconcileSubmitted(deps, batch, undefined)
  if (next === 'retry') throw error
  await refuseIfUnsubmitted(deps, batch, errorName)
  return true
}

/**
 * The inbox is past this index: ours if its stored hash is ours (then `submitted`), otherwise the batch can never
 * settle.
 */
async function reconcileSubmitted(deps: SettlerDeps, batch: BatchRow, txHash: Hex | undefined): Promise<boolean> {
  if ((await deps.inbox.batchHash(batch.batchIndex)) === batch.batchHash) {
    await markSubmitted(deps, batch.batchIndex, txHash)
    return true
  }
  await refuseIfUnsubmitted(deps, batch, 'BatchAlreadySubmitted')
  return true
}

async function refuseIfUnsubmitted(deps: SettlerDeps, batch: BatchRow, errorName: string): Promise<void> {
  const { destination } = deps
  deps.logger.error(
    { destination, batchIndex: batch.batchIndex.toString(), errorName },
    'inbox will not accept batch; refusing it',
  )
  await deps.store.refuseBatch({
    destination,
    batchIndex: batch.batchIndex,
    reasonCode: 'TX_REVERTED',
    details: { errorName },
  })
}

async function markSubmitted(deps: SettlerDeps, batchIndex: bigint, txHash: Hex | undefined): Promise<void> {
  try {
    await deps.store.transitionBatch({
      destination: deps.destination,
      batchIndex,
      to: 'submitted',
      submitTxHash: txHash ? Buffer.from(txHash.slice(2), 'hex') : undefined,
    })
  } catch (error) {
    // The inbox follower got there first (submitted or settled): fine.
    if (!isRelaymeshError(error, 'ILLEGAL_TRANSITION')) throw error
  }
}
