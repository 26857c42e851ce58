import { isRelaymeshError } from '@relaymesh/errors'
import type { JsMsg } from '@nats-io/jetstream'
import type { MsgHdrs } from '@nats-io/transport-node'
import type { BusCodec } from './BusCodec.js'
import { BusError } from './BusError.js'
import { busHeaders } from './busHeaders.js'

/** A decoded message as `consume` hands it to a handler. */
export type BusMessage<T> = {
  subject: string
  data: T
  /** Carries `traceparent` (read it with `contextFromHeaders`). */
  headers: MsgHdrs | undefined
  /** 1 on first delivery. */
  deliveryCount: number
  streamSequence: number
  msgId: string | undefined
}

export type DecodedDelivery<T> =
  { raw: JsMsg; message: BusMessage<T>; error?: undefined } | { raw: JsMsg; message?: undefined; error: BusError }

/** Decodes one delivery; a decode failure is returned (as a `reject` error), never thrown. */
export function decodeDelivery<T>(codec: BusCodec<T>, raw: JsMsg): DecodedDelivery<T> {
  const contentType = raw.headers?.get(busHeaders.codec) || undefined
  const meta = {
    subject: raw.subject,
    streamSequence: raw.info.streamSequence,
    contentType,
    expected: codec.contentType,
  }
  if (contentType !== undefined && contentType !== codec.contentType && !codec.accepts?.includes(contentType)) {
    const error = new BusError(`payload codec ${contentType} is not ${codec.contentType}`, {
      code: 'BUS_CODEC_MISMATCH',
      action: 'reject',
      meta,
    })
    return { raw, error }
  }
  try {
    const message: BusMessage<T> = {
      subject: raw.subject,
      data: codec.decode(raw.data, contentType ?? codec.contentType),
      headers: raw.headers,
      deliveryCount: raw.info.deliveryCount,
      streamSequence: raw.info.streamSequence,
      msgId: raw.headers?.get('Nats-Msg-Id') || undefined,
    }
    return { raw, message }
  } catch (cause) {
    // A codec's own relaymesh error already says what was wrong in its details (or short message): keep that alone.
    const details = isRelaymeshError(cause)
      ? (cause.details ?? cause.shortMessage)
      : cause instanceof Error
        ? cause.message
        : String(cause)
    return {
      raw,
      error: new BusError('cannot decode payload', {
        code: 'BUS_DECODE_FAILED',
        action: 'reject',
        details,
        meta,
        cause,
      }),
    }
  }
}
