import { BaseError, type ErrorAction, type ReasonCodeOf } from '@relaymesh/errors'

/**
 * Reason codes of the relayer pipeline, each stored with the message, bundle or batch it rejected and visible through
 * the API; its codes and their meaning are in `REASON_CODES` (@relaymesh/errors).
 */
export type RelayerErrorCode = ReasonCodeOf<'relayer'>

export class RelayerError extends BaseError<RelayerErrorCode> {
  override name = 'RelayerError'
  constructor(
    shortMessage: string,
    parameters: {
      code: RelayerErrorCode
      action?: ErrorAction
      meta?: Record<string, unknown>
      cause?: unknown
      details?: string
    },
  ) {
    super(shortMessage, { action: 'reject', ...parameters })
  }
}
