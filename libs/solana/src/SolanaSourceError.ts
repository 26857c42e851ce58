import { BaseError, type ErrorAction, type ReasonCodeOf } from '@relaymesh/errors'

/**
 * Every reason the Solana source lib refuses an input (outbox memos, slot commitments); its codes and their meaning are
 * in `REASON_CODES` (@relaymesh/errors).
 */
export type SolanaSourceErrorCode = ReasonCodeOf<'solana'>

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
