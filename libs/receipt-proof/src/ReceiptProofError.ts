import { BaseError, type ReasonCodeOf } from '@relaymesh/errors'

/**
 * Reason codes of `@relaymesh/receipt-proof`, every one a `reject` (the same bytes fail the same way tomorrow); its
 * codes and their meaning are in `REASON_CODES` (@relaymesh/errors).
 */
export type ReceiptProofErrorCode = ReasonCodeOf<'receipt-proof'>

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
