import { bytesToHex, decodeMessage, MESSAGE_HEADER_BYTES, MESSAGE_VERSION, ProtocolError } from '@relaymesh/protocol'
import {
  decodeDispatchData,
  decodeDispatchLog,
  DISPATCH_TOPIC,
  getLog,
  type RawReceipt,
} from '@relaymesh/receipt-proof'
import type { RelayerErrorCode } from '../RelayerError.js'
import { describeError } from './describeError.js'

/** What a claimed log yields before its id is hashed: a rejection, or the message bytes and what the event indexed. */
export type DispatchedMessage =
  { code: RelayerErrorCode; reason: string } | { message: Uint8Array; indexedId: Uint8Array; destination: number }

export type ReadDispatchedMessageParameters = {
  /** The proven receipt, decoded without hex (or its decoding error) and its bytes for the slow path. */
  receipt: RawReceipt | { error: unknown }
  receiptBytes: Uint8Array
  logIndex: number
  /** The configured Outbox, 20 bytes; undefined matches nothing. */
  outbox: Uint8Array | undefined
  /**
   * A payload limit `decodeMessage` accepts; undefined sends every message through `decodeMessage` (which then
   * rejects).
   */
  maxPayloadBytes: number | undefined
  configuredMaxPayloadBytes: number
}

const DISPATCH_TOPIC_BYTES = Uint8Array.from(Buffer.from(DISPATCH_TOPIC.slice(2), 'hex'))

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function zeroPrefix(topic: Uint8Array, bytes: number): boolean {
  for (let i = 0; i < bytes; i++) if (topic[i] !== 0) return false
  return true
}

/**
 * The `Dispatch` event's indexed topics, checked on bytes; anything unusual goes to `decodeDispatchLog` for its exact
 * error.
 */
function dispatchTopics(topics: Uint8Array[]): boolean {
  const [topic0, , destination, nonce] = topics
  return (
    topics.length === 4 &&
    // reason: length is 4
    equal(topic0 as Uint8Array, DISPATCH_TOPIC_BYTES) &&
    zeroPrefix(destination as Uint8Array, 28) &&
    zeroPrefix(nonce as Uint8Array, 24)
  )
}

function readMessage(log: RawReceipt['logs'][number], p: ReadDispatchedMessageParameters): DispatchedMessage {
  let message: Uint8Array
  let destination: number
  try {
    if (!dispatchTopics(log.topics)) {
      const slow = decodeDispatchLog({ topics: log.topics.map(bytesToHex), data: log.data })
      message = slow.message
      destination = slow.destination
    } else {
      message = decodeDispatchData(log.data)
      const topic = log.topics[2] as Uint8Array // reason: dispatchTopics checked 4 topics
      destination = new DataView(topic.buffer, topic.byteOffset + 28, 4).getUint32(0)
    }
  } catch (error) {
    return { code: 'NOT_DISPATCH_EVENT', reason: describeError(error) }
  }
  const fast =
    p.maxPayloadBytes !== undefined &&
    message.length >= MESSAGE_HEADER_BYTES &&
    message[0] === MESSAGE_VERSION &&
    message.length - MESSAGE_HEADER_BYTES <= p.maxPayloadBytes
  if (!fast) {
    try {
      decodeMessage(message, { maxPayloadBytes: p.configuredMaxPayloadBytes })
    } catch (error) {
      const tooLarge = error instanceof ProtocolError && error.code === 'MESSAGE_PAYLOAD_TOO_LARGE'
      return { code: tooLarge ? 'PAYLOAD_TOO_LARGE' : 'MESSAGE_MALFORMED', reason: describeError(error) }
    }
  }
  return { message, indexedId: log.topics[1] as Uint8Array, destination } // reason: a Dispatch log has 4 topics
}

/**
 * Reads one claimed log of a proven receipt as the verifier's checks need it
 * (libs/relayer/DESIGN.md, "Verification"): the log exists, comes from the
 * configured Outbox, is a well-formed `Dispatch` event, and carries a
 * well-formed message within the payload limit. Works on bytes; whenever a
 * fast check fails, the reference decoder (`getLog`, `decodeDispatchLog`,
 * `decodeMessage`) runs so the reason is exactly the one it gives.
 */
export function readDispatchedMessage(p: ReadDispatchedMessageParameters): DispatchedMessage {
  if ('error' in p.receipt) return { code: 'LOG_NOT_FOUND', reason: describeError(p.receipt.error) }
  const log = Number.isSafeInteger(p.logIndex) && p.logIndex >= 0 ? p.receipt.logs[p.logIndex] : undefined
  if (log === undefined) {
    try {
      getLog(p.receiptBytes, p.logIndex)
    } catch (error) {
      return { code: 'LOG_NOT_FOUND', reason: describeError(error) }
    }
    return { code: 'LOG_NOT_FOUND', reason: `no log at index ${p.logIndex}` }
  }
  if (p.outbox === undefined || !equal(log.address, p.outbox))
    return { code: 'WRONG_OUTBOX', reason: `log emitted by ${bytesToHex(log.address)}` }
  return readMessage(log, p)
}
