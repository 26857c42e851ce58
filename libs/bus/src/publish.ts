import type { PubAck } from '@nats-io/jetstream'
import { headers as createHeaders, type MsgHdrs } from '@nats-io/transport-node'
import type { Bus } from './connectBus.js'
import type { BusCodec } from './BusCodec.js'
import { BusError } from './BusError.js'
import { busHeaders } from './busHeaders.js'

export type PublishParameters<T> = {
  codec: BusCodec<T>
  /** `Nats-Msg-Id`: a republish with the same id inside the stream's duplicate window is dropped. */
  msgId?: string
  /** NATS headers, e.g. from `headersFromContext(ctx, headers())`, or a plain record. */
  headers?: MsgHdrs | Record<string, string>
  /** Default 10 s. */
  timeoutMs?: number
}

export type PublishReturnType = { stream: string; seq: number; duplicate: boolean; bytes: number }

/**
 * Encodes and publishes one payload (usually a bundle of many cross-chain
 * messages) to JetStream and waits for the stream's ack.
 *
 * Throws `BUS_PAYLOAD_TOO_LARGE` (reject: split the bundle) when headers + data
 * exceed the server's `max_payload`, `BUS_PUBLISH_FAILED` (retry) when the
 * stream does not ack.
 *
 * @example
 * const hdrs = headersFromContext(trace.setSpan(context.active(), span), headers())
 * const ack = await publish(bus, cat.subjects.bundles('ethereum'), bundle, {
 *   codec: bundleCodec,
 *   msgId: blockHash,
 *   headers: hdrs,
 * })
 */
export async function publish<T>(
  bus: Pick<Bus, 'js' | 'maxPayload'>,
  subject: string,
  payload: T,
  { codec, msgId, headers, timeoutMs = 10_000 }: PublishParameters<T>,
): Promise<PublishReturnType> {
  const data = encodePayload(codec, payload, subject)
  const hdrs = toMsgHdrs(headers)
  hdrs.set(busHeaders.codec, codec.contentType)
  return publishBytes(bus, subject, data, { hdrs, msgId, timeoutMs })
}

/** Publishes already-encoded bytes; used by `publish` and the dead-letter path. */
export async function publishBytes(
  bus: Pick<Bus, 'js' | 'maxPayload'>,
  subject: string,
  data: Uint8Array,
  { hdrs, msgId, timeoutMs }: { hdrs: MsgHdrs; msgId: string | undefined; timeoutMs: number },
): Promise<PublishReturnType> {
  if (msgId !== undefined) hdrs.set('Nats-Msg-Id', msgId)
  assertFits(bus.maxPayload, subject, data, hdrs)
  let ack: PubAck
  try {
    ack = await bus.js.publish(subject, data, { headers: hdrs, timeout: timeoutMs })
  } catch (cause) {
    throw new BusError(`publish to ${subject} was not acknowledged`, {
      code: 'BUS_PUBLISH_FAILED',
      action: 'retry',
      meta: { subject, msgId, bytes: data.length },
      cause,
      details: cause instanceof Error ? cause.message : String(cause),
    })
  }
  return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate, bytes: data.length }
}

function encodePayload<T>(codec: BusCodec<T>, payload: T, subject: string): Uint8Array {
  try {
    return codec.encode(payload)
  } catch (cause) {
    throw new BusError(`cannot encode payload for ${subject}`, {
      code: 'BUS_ENCODE_FAILED',
      action: 'reject',
      meta: { subject, codec: codec.contentType },
      cause,
      details: cause instanceof Error ? cause.message : String(cause),
    })
  }
}

function toMsgHdrs(input: MsgHdrs | Record<string, string> | undefined): MsgHdrs {
  const hdrs = createHeaders()
  if (input === undefined) return hdrs
  if (isMsgHdrs(input)) {
    for (const [key, values] of input) for (const value of values) hdrs.append(key, value)
    return hdrs
  }
  for (const [key, value] of Object.entries(input)) hdrs.set(key, value)
  return hdrs
}

function isMsgHdrs(input: MsgHdrs | Record<string, string>): input is MsgHdrs {
  const probe = input as { values?: unknown; keys?: unknown } // reason: probing for MsgHdrs' methods on a union
  return typeof probe.values === 'function' && typeof probe.keys === 'function'
}

function assertFits(maxPayload: number, subject: string, data: Uint8Array, hdrs: MsgHdrs): void {
  const headerBytes = encodedHeaderBytes(hdrs)
  const bytes = data.length + headerBytes
  if (bytes <= maxPayload) return
  throw new BusError(`message for ${subject} is ${bytes} bytes; the server's max_payload is ${maxPayload}`, {
    code: 'BUS_PAYLOAD_TOO_LARGE',
    action: 'reject',
    details: 'split the bundle into smaller ones (or raise max_payload on the server)',
    meta: { subject, bytes, dataBytes: data.length, headerBytes, maxPayload },
  })
}

/** Size of the NATS/1.0 header block as the client will send it. */
function encodedHeaderBytes(hdrs: MsgHdrs): number {
  let bytes = 'NATS/1.0\r\n\r\n'.length
  for (const [key, values] of hdrs) for (const value of values) bytes += Buffer.byteLength(`${key}: ${value}\r\n`)
  return bytes
}
