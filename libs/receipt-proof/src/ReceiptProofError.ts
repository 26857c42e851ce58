import { BaseError } from '@relaymesh/errors'

/**
 * Reason codes of `@relaymesh/receipt-proof`. Every one is a `reject`: the
 * input (a header, a receipt, a proof, a log) is wrong and retrying the same
 * bytes cannot make it right.
 *
 * - `RLP_INVALID`: bytes are not canonical RLP.
 * - `HEADER_INVALID`: a block header field is missing, malformed or out of order.
 * - `RECEIPT_INVALID`: a receipt (JSON or EIP-2718 bytes) is malformed or of an unsupported type.
 * - `RECEIPT_PROOF_INVALID`: a proof node does not hash to its reference, a node is missing,
 *   left over or badly encoded, or the root does not match.
 * - `RECEIPT_NOT_FOUND`: the proof is valid and shows that no receipt sits at that index.
 * - `LOG_NOT_FOUND`: the receipt has no log at the claimed index.
 * - `DISPATCH_LOG_INVALID`: a log is not a well-formed `Dispatch` event (topics or ABI data).
 */
export type ReceiptProofErrorCode =
  | 'RLP_INVALID'
  | 'HEADER_INVALID'
  | 'RECEIPT_INVALID'
  | 'RECEIPT_PROOF_INVALID'
  | 'RECEIPT_NOT_FOUND'
  | 'LOG_NOT_FOUND'
  | 'DISPATCH_LOG_INVALID'

export type ReceiptProofErrorParameters = {
  code: ReceiptProofErrorCode
  details?: string | undefined
  meta?: Record<string, unknown> | undefined
  cause?: unknown
}

/**
 * Error thrown by every function of `@relaymesh/receipt-proof`; `action` is always `reject`.
 *
 * @example
 * try {
 *   verifyReceiptProof({ receiptsRoot, txIndex, proof })
 * } catch (error) {
 *   if (error instanceof ReceiptProofError) store.reject(messageId, error.code)
 *   else throw error
 * }
 */
export class ReceiptProofError extends BaseError<ReceiptProofErrorCode> {
  override name = 'ReceiptProofError'

  constructor(shortMessage: string, parameters: ReceiptProofErrorParameters) {
    super(shortMessage, { ...parameters, action: 'reject' })
  }
}
