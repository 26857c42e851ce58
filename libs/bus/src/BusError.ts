import { BaseError, type ErrorAction } from '@relaymesh/errors'

/** Every code `@relaymesh/bus` raises; services store them with dead letters. */
export type BusErrorCode =
  | 'BUS_CONNECT_FAILED'
  | 'BUS_INVALID_NAME'
  | 'BUS_STREAM_SETUP_FAILED'
  | 'BUS_CONSUMER_SETUP_FAILED'
  | 'BUS_CONSUMER_MISCONFIGURED'
  | 'BUS_PAYLOAD_TOO_LARGE'
  | 'BUS_PUBLISH_FAILED'
  | 'BUS_STREAM_FULL'
  | 'BUS_ENCODE_FAILED'
  | 'BUS_DECODE_FAILED'
  | 'BUS_CODEC_MISMATCH'
  | 'BUS_FETCH_FAILED'

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
