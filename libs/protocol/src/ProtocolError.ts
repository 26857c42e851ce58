import { BaseError, type ReasonCodeOf } from '@relaymesh/errors'

/**
 * Every reason the protocol lib refuses an input; its codes and their meaning are in `REASON_CODES`
 * (@relaymesh/errors).
 */
export type ProtocolErrorCode = ReasonCodeOf<'protocol'>

/**
 * Optional context of a `ProtocolError` (see `BaseErrorParameters`).
 *
 * @example
 * new ProtocolError('DOMAIN_UNKNOWN', 'domain 137 is not a relaymesh domain', { meta: { domain: 137 } })
 */
export type ProtocolErrorParameters = {
  details?: string | undefined
  meta?: Record<string, unknown> | undefined
  cause?: unknown
}

/**
 * An input that breaks the wire protocol (PROTOCOL.md). Always `action: 'reject'`:
 * the same bytes will fail the same way tomorrow, so store the code and move on.
 *
 * @example
 * try {
 *   decodeMessage(bytes)
 * } catch (error) {
 *   if (isRelaymeshError(error, 'MESSAGE_TRUNCATED')) markRejected(error.code)
 *   else throw error
 * }
 */
export class ProtocolError extends BaseError<ProtocolErrorCode> {
  override name = 'ProtocolError'

  constructor(code: ProtocolErrorCode, shortMessage: string, parameters: ProtocolErrorParameters = {}) {
    super(shortMessage, { code, action: 'reject', ...parameters })
  }
}
