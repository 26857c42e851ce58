import { BaseError, type ErrorAction, type ReasonCodeOf } from '@relaymesh/errors'

/**
 * Every code `@relaymesh/bus` raises; services store them with dead letters; its codes and their meaning are in
 * `REASON_CODES` (@relaymesh/errors).
 */
export type BusErrorCode = ReasonCodeOf<'bus'>

export type BusErrorParameters = {
  code: BusErrorCode
  action: ErrorAction
  details?: string | undefined
  meta?: Record<string, unknown> | undefined
  cause?: unknown
}

/**
 * The error type of `@relaymesh/bus`.
 *
 * @example
 * throw new BusError('bundle too large', { code: 'BUS_PAYLOAD_TOO_LARGE', action: 'reject', meta: { bytes } })
 */
export class BusError extends BaseError<BusErrorCode> {
  override name = 'BusError'
  constructor(shortMessage: string, parameters: BusErrorParameters) {
    super(shortMessage, parameters)
  }
}
