import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import { bytesToHex, packMessages } from '@relaymesh/protocol'
import { encodeFunctionData, type Hex } from 'viem'
import type { BatchRow } from '../batch/BatchRow.js'
import type { BatchHeader } from '../batch/batchHeader.js'
import {
  decideSettlementMode,
  type OneShotRefusal,
  type SettlementEstimate,
  type SettlementModeState,
} from './decideSettlementMode.js'
import { decodeRevert } from './decodeRevert.js'
import type { SettlerDeps } from './SettlerDeps.js'
import { storedMessageBytes } from './storedMessageBytes.js'

export type PrepareOneShotParameters = {
  batch: BatchRow
  header: BatchHeader
  signatures: readonly Hex[]
  /** Most gas the transaction may take, margin included (the settler's `maxGas`). */
  maxGas: bigint
  /** Margin applied to the estimate, in tenths (12 = x1.2). */
  gasMarginTenths: bigint
}

export type PrepareOneShotReturnType =
  { kind: 'one-shot'; data: Hex; gas: bigint } | { kind: 'two-step'; why: OneShotRefusal; revert?: string | undefined }

/**
 * The `submitAndExecute` transaction of a signed batch (PROTOCOL.md "One-shot
 * settlement": settle and execute every message at once, the settler's path),
 * when the inbox would take it within `maxGas`. Otherwise `two-step`, with why:
 * a message the estimate cannot fit (`InsufficientGasForRecipient`), a batch
 * too big for one transaction, or any revert (the batch-level ones, such as
 * `BatchAlreadySubmitted`, `submitBatch` then meets and handles itself).
 *
 * @example
 * const plan = await prepareOneShot(deps, {
 *   batch,
 *   header,
 *   signatures,
 *   maxGas: 15_000_000n,
 *   gasMarginTenths: 12n,
 * })
 * if (plan.kind === 'one-shot')
 *   await txs.send({
 *     kind: 'submitBatch',
 *     batchIndex,
 *     leafFrom: 0,
 *     leafTo: n,
 *     to: inbox,
 *     data: plan.data,
 *     gas: plan.gas,
 *   })
 */
export async function prepareOneShot(
  deps: Pick<SettlerDeps, 'destination' | 'store' | 'inbox'>,
  parameters: PrepareOneShotParameters,
): Promise<PrepareOneShotReturnType> {
  const { batch, header, signatures } = parameters
  const { destination } = deps
  const rows = await deps.store.listBatchMessages({ destination, batchIndex: batch.batchIndex })
  const state: SettlementModeState = { messageCount: batch.messageCount, leafIndexes: rows.map((r) => r.leaf_index) }
  // Without an estimate the decision is two-step (messages incomplete) or `estimate`.
  const first = decideSettlementMode(state, parameters)
  if (first.kind === 'two-step') return first
  const packed = bytesToHex(packMessages(rows.map((r) => storedMessageBytes(r, destination))))
  const args = [header, packed, signatures] as const
  let estimate: SettlementEstimate
  try {
    estimate = { ok: true, gas: await deps.inbox.estimateSubmitAndExecute(args) }
  } catch (error) {
    estimate = { ok: false, revert: decodeRevert(error)?.errorName }
  }
  const decision = decideSettlementMode({ ...state, estimate }, parameters)
  if (decision.kind === 'two-step') return decision
  return {
    kind: 'one-shot',
    data: encodeFunctionData({ abi: settlementInboxAbi, functionName: 'submitAndExecute', args }),
    gas: decision.gas,
  }
}
