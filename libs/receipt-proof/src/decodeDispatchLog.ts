import { decodeDispatchData } from './decodeDispatchData.js'
import { DISPATCH_TOPIC } from './DISPATCH_TOPIC.js'
import type { Hex } from './hex.js'
import { ReceiptProofError } from './ReceiptProofError.js'

export type DecodeDispatchLogParameters = {
  topics: readonly Hex[]
  data: Uint8Array
}

export type DecodeDispatchLogReturnType = {
  /** Message id (keccak256 of the message, PROTOCOL.md), as the event indexes it. */
  id: Hex
  destination: number
  nonce: bigint
  message: Uint8Array
}

function invalid(why: string, meta: Record<string, unknown> = {}): ReceiptProofError {
  return new ReceiptProofError(`Invalid Dispatch log: ${why}`, { code: 'DISPATCH_LOG_INVALID', meta })
}

/** An indexed uintN topic: the left 32 - bytes bytes must be zero. */
function topicUint(topic: Hex, bytes: number, name: string): bigint {
  if (!/^0x[0-9a-fA-F]{64}$/.test(topic) || !/^0*$/.test(topic.slice(2, 66 - 2 * bytes)))
    throw invalid(`${name} topic is not a uint${bytes * 8}`, { topic })
  return BigInt(topic)
}

/**
 * Decodes a `Dispatch(bytes32 indexed id, uint32 indexed destination, uint64
 * indexed nonce, bytes message)` log: its three indexed topics and the
 * message bytes of its data. Checks topic0 against `dispatchTopic`
 * (default {@link DISPATCH_TOPIC}); does not check the emitter, which is
 * {@link extractOutboxLogs}' job. Throws `DISPATCH_LOG_INVALID`.
 *
 * @example
 * const [log] = extractOutboxLogs(receipt, { outbox, dispatchTopic: DISPATCH_TOPIC })
 * const { id, destination, nonce, message } = decodeDispatchLog(log)
 */
export function decodeDispatchLog(
  log: DecodeDispatchLogParameters,
  dispatchTopic: Hex = DISPATCH_TOPIC,
): DecodeDispatchLogReturnType {
  const [topic0, id, destination, nonce] = log.topics
  if (
    log.topics.length !== 4 ||
    topic0 === undefined ||
    id === undefined ||
    destination === undefined ||
    nonce === undefined
  ) {
    throw invalid(`expected 4 topics, got ${log.topics.length}`)
  }
  if (topic0.toLowerCase() !== dispatchTopic.toLowerCase())
    throw invalid('topic0 is not the Dispatch event', { topic0 })
  if (!/^0x[0-9a-fA-F]{64}$/.test(id)) throw invalid('id topic is not 32 bytes', { id })
  return {
    id: id.toLowerCase() as Hex, // reason: checked 0x + 64 hex digits above
    destination: Number(topicUint(destination, 4, 'destination')),
    nonce: topicUint(nonce, 8, 'nonce'),
    message: decodeDispatchData(log.data),
  }
}
