import type { BatchStatus, MessageStatus, SettlementReceipt, TrustedRelayerSet } from '@relaymesh/sdk'
import { decodeMessage } from '@relaymesh/protocol'

const ZERO_HASH = `0x${'00'.repeat(32)}` as const

/**
 * A settlement receipt assembled from what the relayer API holds: the
 * message, batch header, signatures and Merkle path are the API's and are
 * checked for real; the settlement and execution records are the API's view
 * (the page reads no chain), with block numbers and hashes unknown (zero).
 * Paste a receipt from the SDK's `getSettlementReceipt` to check the chain records too.
 *
 * @example
 * const receipt = buildReceiptFromApi(status, batch, trusted)
 */
export function buildReceiptFromApi(
  status: MessageStatus,
  batch: BatchStatus,
  trusted: TrustedRelayerSet,
): SettlementReceipt | null {
  const { proof } = status
  if (!proof) return null
  const decoded = decodeMessage(proof.message)
  const { header } = proof
  return {
    version: 2,
    id: status.id,
    message: { encoded: proof.message, decoded: { ...decoded, nonce: decoded.nonce.toString() } },
    source: { verification: status.verification, ...status.source },
    batch: {
      header,
      batchHash: proof.batchHash,
      signatures: batch.signatures.map(({ signer, signature }) => ({ signer, signature })),
    },
    proof: { leafIndex: proof.leafIndex, count: header.messageCount, siblings: proof.proof },
    settlement: {
      txHash: batch.submitTxHash ?? ZERO_HASH,
      blockNumber: '0',
      blockHash: ZERO_HASH,
      inbox: trusted.inbox,
      batchIndex: header.batchIndex,
      batchHash: proof.batchHash,
      root: header.root,
      messageCount: header.messageCount,
    },
    execution: {
      txHash: status.executionTxHash ?? ZERO_HASH,
      blockNumber: '0',
      blockHash: ZERO_HASH,
      logIndex: 0,
      inbox: trusted.inbox,
      id: status.id,
    },
  }
}
