import { BaseError } from '@relaymesh/errors'

/**
 * Why a settlement receipt was refused.
 *
 * @example
 * const code: ReceiptVerificationErrorCode = 'RECEIPT_BAD_PROOF'
 */
export type ReceiptVerificationErrorCode =
  /** A field is missing or not of its form (hex length, decimal, integer range, verification label). */
  | 'RECEIPT_MALFORMED'
  /** The trusted relayer set itself is unusable (threshold out of 1..n, a bad address). */
  | 'RECEIPT_INVALID_TRUSTED_SET'
  /** `id` is not keccak256 of the encoded message. */
  | 'RECEIPT_ID_MISMATCH'
  /** A decoded field is not what the encoding holds. */
  | 'RECEIPT_FIELD_MISMATCH'
  /** The message, the batch header and the trusted inbox's chain disagree on the destination. */
  | 'RECEIPT_WRONG_DESTINATION'
  /** `batchHash` is not the EIP-712 hashStruct of the header. */
  | 'RECEIPT_BATCH_HASH_MISMATCH'
  /** A signature is malformed, high-s, or recovers to another address than its signer. */
  | 'RECEIPT_BAD_SIGNATURE'
  | 'RECEIPT_UNKNOWN_SIGNER'
  | 'RECEIPT_DUPLICATE_SIGNER'
  | 'RECEIPT_INSUFFICIENT_SIGNATURES'
  /** The Merkle path does not lead from the id to the header's root. */
  | 'RECEIPT_BAD_PROOF'
  /** The `BatchSubmitted` record names another inbox, batch, hash, root or count. */
  | 'RECEIPT_SETTLEMENT_MISMATCH'
  /** The `MessageExecuted` record names another inbox or id. */
  | 'RECEIPT_EXECUTION_MISMATCH'

/**
 * A settlement receipt failed verification; `code` says which check and
 * `meta.field` (when one field is to blame) where. Always `action: 'reject'`.
 *
 * @example
 * try {
 *   verifySettlementReceipt(receipt, trusted)
 * } catch (error) {
 *   if (error instanceof ReceiptVerificationError) console.log(error.code, error.meta.field)
 * }
 */
export class ReceiptVerificationError extends BaseError<ReceiptVerificationErrorCode> {
  override name = 'ReceiptVerificationError'
  constructor(
    code: ReceiptVerificationErrorCode,
    shortMessage: string,
    meta: Record<string, unknown> = {},
    cause?: unknown,
  ) {
    super(shortMessage, { code, action: 'reject', meta, cause })
  }
}
