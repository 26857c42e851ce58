import { BaseError } from '@relaymesh/errors'

/**
 * Every reason the protocol lib refuses an input.
 *
 * @example
 * const code: ProtocolErrorCode = 'MESSAGE_TRUNCATED'
 */
export type ProtocolErrorCode =
  | 'MESSAGE_TRUNCATED'
  | 'MESSAGE_UNKNOWN_VERSION'
  | 'MESSAGE_PAYLOAD_TOO_LARGE'
  | 'MESSAGE_FIELD_OUT_OF_RANGE'
  | 'MAX_PAYLOAD_INVALID'
  | 'HEX_INVALID'
  | 'ADDRESS_INVALID'
  | 'ADDRESS_HIGH_BYTES_NONZERO'
  | 'DOMAIN_UNKNOWN'
  | 'KECCAK_INPUT_INVALID'
  | 'MERKLE_EMPTY'
  | 'MERKLE_LEAVES_MALFORMED'
  | 'MERKLE_INDEX_OUT_OF_RANGE'
  | 'MERKLE_INDICES_INVALID'

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
