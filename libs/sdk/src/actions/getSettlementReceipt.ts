import { decodeMessage } from '@relaymesh/protocol'
import type { Address, Hex } from 'viem'
import type { BatchStatus, ExecutionProof, MessageStatus } from '../ApiTypes.js'
import { BridgeSdkError } from '../BridgeSdkError.js'
import type { BridgeClient } from '../createBridgeClient.js'
import type { ApiCallOptions } from '../internal/apiRequest.js'
import { chainOf } from '../internal/chains.js'
import { readExecution, readSettlement } from '../internal/readInboxRecords.js'
import type { SettlementReceipt } from '../receipt/SettlementReceipt.js'
import { getBatch } from './getBatch.js'
import { getMessage } from './getMessage.js'

/**
 * Parameters of `getSettlementReceipt`.
 *
 * @example
 * const parameters: GetSettlementReceiptParameters = { id }
 */
export type GetSettlementReceiptParameters = ApiCallOptions & { id: Hex }

/**
 * The receipt (plain JSON): check it with `verifySettlementReceipt`.
 *
 * @example
 * const receipt: GetSettlementReceiptReturnType = await getSettlementReceipt(client, { id })
 */
export type GetSettlementReceiptReturnType = SettlementReceipt

/**
 * Errors of `getSettlementReceipt` (plus those of `getMessage` and `getBatch`).
 *
 * @example
 * if ((error as GetSettlementReceiptErrorType).code === 'NOT_EXECUTED') await waitForMessage(client, { id })
 */
export type GetSettlementReceiptErrorType = BridgeSdkError<
  | 'MESSAGE_REJECTED'
  | 'NOT_EXECUTED'
  | 'PROOF_UNAVAILABLE'
  | 'CHAIN_NOT_CONFIGURED'
  | 'EXECUTION_NOT_FOUND'
  | 'SETTLEMENT_NOT_FOUND'
>

function executedStatus(
  status: Awaited<ReturnType<typeof getMessage>>,
  id: Hex,
): MessageStatus & { proof: ExecutionProof; executionTxHash: Hex } {
  if ('stored' in status || status.state === 'rejected') {
    throw new BridgeSdkError('MESSAGE_REJECTED', 'the relayers rejected the message: it has no receipt', {
      action: 'reject',
      meta: { id, reasonCode: status.reasonCode },
    })
  }
  if (status.state !== 'executed' || !status.executionTxHash) {
    throw new BridgeSdkError('NOT_EXECUTED', `the message is ${status.state}, not executed`, {
      action: 'retry',
      meta: { id, state: status.state },
    })
  }
  const { proof, proofError, executionTxHash } = status
  if (!proof)
    throw new BridgeSdkError('PROOF_UNAVAILABLE', 'the relayer API could not build the proof', {
      action: 'retry',
      meta: { id, proofError },
    })
  return { ...status, proof, executionTxHash }
}

function signaturesOf(batch: BatchStatus): { signer: Address; signature: Hex }[] {
  return batch.signatures.map(({ signer, signature }) => ({ signer, signature }))
}

/**
 * Assembles the settlement receipt of an executed message: the message
 * (encoded and decoded) and its source block as the relayer verified it, the
 * batch header, hash and the relayers' signatures and the Merkle path (relayer
 * API), then the `BatchSubmitted` and `MessageExecuted` logs read from the
 * destination chain's transaction receipts. Nothing is trusted here: check
 * the result with `verifySettlementReceipt`.
 *
 * @throws {GetSettlementReceiptErrorType}
 * @example
 * await waitForMessage(client, { id })
 * const receipt = await getSettlementReceipt(client, { id })
 * verifySettlementReceipt(receipt, { relayers, threshold: 2, inbox, chainId: 56 })
 */
export async function getSettlementReceipt(
  client: BridgeClient,
  parameters: GetSettlementReceiptParameters,
): Promise<GetSettlementReceiptReturnType> {
  const { id, signal } = parameters
  const status = executedStatus(await getMessage(client, { id, signal }), id)
  const { proof } = status
  const chain = chainOf(client, status.destination)
  const batch = await getBatch(client, {
    destination: proof.header.destination,
    batchIndex: proof.header.batchIndex,
    signal,
  })
  if (!batch.submitTxHash) {
    throw new BridgeSdkError('SETTLEMENT_NOT_FOUND', 'the relayer API names no submit transaction for the batch', {
      action: 'retry',
      meta: { id, batchIndex: proof.header.batchIndex },
    })
  }
  const [settlement, execution] = await Promise.all([
    readSettlement(chain, batch.submitTxHash, BigInt(proof.header.batchIndex)),
    readExecution(chain, status.executionTxHash, id),
  ])
  const decoded = decodeMessage(proof.message)
  return {
    version: 2,
    id: status.id,
    message: { encoded: proof.message, decoded: { ...decoded, nonce: decoded.nonce.toString() } },
    source: { verification: status.verification, ...status.source },
    batch: { header: proof.header, batchHash: proof.batchHash, signatures: signaturesOf(batch) },
    proof: { leafIndex: proof.leafIndex, count: proof.header.messageCount, siblings: proof.proof },
    settlement,
    execution,
  }
}
