import type { Hex } from './hex.js'
import { receiptTrieKey } from './receiptTrieKey.js'
import { verifyTrieProof } from './verifyTrieProof.js'

export type VerifyReceiptProofParameters = {
  /** The receiptsRoot of a header the caller already trusts. */
  receiptsRoot: Hex
  txIndex: number
  /** Node RLPs, root first, as produced by {@link getReceiptProof}. */
  proof: readonly Uint8Array[]
}

/** The receipt's consensus bytes (EIP-2718 envelope), ready for `decodeReceipt`. */
export type VerifyReceiptProofReturnType = Uint8Array

/**
 * Verifies a receipt's Merkle-Patricia proof against a trusted receiptsRoot
 * (Yellow Paper appendix D; key rlp(txIndex)) and returns the receipt bytes.
 * Pure and synchronous (worker-thread safe). Every node referenced by a
 * 32-byte hash must be the next proof item and hash to it; nodes under 32
 * bytes are read inline from their parent; the proof must be used exactly.
 *
 * @throws ReceiptProofError `RECEIPT_PROOF_INVALID` (`meta.reason`: `bad-root`,
 * `bad-node-hash`, `missing-node`, `unused-node`, `bad-encoding`, `bad-node`) when
 * the proof does not hold; `RECEIPT_NOT_FOUND` when it validly shows no receipt
 * at `txIndex` (or `txIndex` is not a non-negative integer).
 * @example
 * const header = decodeBlockHeader(headerRlp) // after checking header.hash
 * const receipt = verifyReceiptProof({ receiptsRoot: header.receiptsRoot, txIndex: 3, proof })
 * const logs = extractOutboxLogs(receipt, { outbox, dispatchTopic: DISPATCH_TOPIC })
 */
export function verifyReceiptProof(parameters: VerifyReceiptProofParameters): VerifyReceiptProofReturnType {
  const { receiptsRoot, txIndex, proof } = parameters
  return verifyTrieProof({ root: receiptsRoot, key: receiptTrieKey(txIndex), proof, meta: { txIndex } })
}
