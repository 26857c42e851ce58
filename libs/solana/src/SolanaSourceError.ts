import { BaseError, type ErrorAction } from '@relaymesh/errors'

/**
 * Every reason the Solana source lib refuses an input. Outbox memo codes come
 * from `decodeOutboxMemo` / `extractOutboxMessages` (MEMO_FORMAT.md), committee
 * codes from `verifySlotCommitment` and `verifyMessageInCommitment`.
 *
 * @example
 * const code: SolanaSourceErrorCode = 'MEMO_NOT_PROTOCOL'
 */
export type SolanaSourceErrorCode =
  | 'MEMO_NOT_PROTOCOL'
  | 'MEMO_TRUNCATED'
  | 'MEMO_UNKNOWN_VERSION'
  | 'MEMO_BAD_ENCODING'
  | 'MEMO_TOO_LARGE'
  | 'MEMO_WRONG_ORIGIN'
  | 'TX_FAILED'
  | 'TX_MALFORMED'
  | 'SENDER_MISMATCH'
  | 'FEE_MISSING'
  | 'MEMO_NONCE_NOT_ZERO'
  | 'COMMITTEE_INVALID'
  | 'COMMITTEE_UNKNOWN_SIGNER'
  | 'COMMITTEE_DUPLICATE_SIGNER'
  | 'COMMITTEE_INSUFFICIENT_STAKE'
  | 'COMMITTEE_WRONG_EPOCH'
  | 'COMMITTEE_BAD_SIGNATURE'
  | 'COMMITMENT_INVALID'
  | 'MESSAGE_NOT_IN_COMMITMENT'
  | 'NONCE_NOT_COMMITTED'
  | 'COMMITMENT_COUNT_OVERLAP'

/**
 * Optional context of a `SolanaSourceError`.
 *
 * @example
 * new SolanaSourceError('FEE_MISSING', 'no fee transfer', { meta: { signature } })
 */
export type SolanaSourceErrorParameters = {
  details?: string | undefined
  meta?: Record<string, unknown> | undefined
  cause?: unknown
  /** Default `'reject'`: the same bytes fail the same way tomorrow. */
  action?: ErrorAction | undefined
}

/**
 * An outbox transaction or a slot commitment that relaymesh refuses. Always
 * `action: 'reject'` unless stated: store the code with the message and move on.
 *
 * @example
 * try {
 *   verifySlotCommitment(committee, commitment, signatures)
 * } catch (error) {
 *   if (isRelaymeshError(error, 'COMMITTEE_INSUFFICIENT_STAKE')) waitForMoreSignatures()
 *   else throw error
 * }
 */
export class SolanaSourceError extends BaseError<SolanaSourceErrorCode> {
  override name = 'SolanaSourceError'

  constructor(code: SolanaSourceErrorCode, shortMessage: string, parameters: SolanaSourceErrorParameters = {}) {
    const { action = 'reject', ...rest } = parameters
    super(shortMessage, { code, action, ...rest })
  }
}
