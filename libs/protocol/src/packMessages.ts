import { MESSAGE_HEADER_BYTES } from './Message.js'
import { ProtocolError } from './ProtocolError.js'

/** Longest message a 3-byte length prefix can carry (PROTOCOL.md "One-shot settlement"). */
export const MAX_PACKED_MESSAGE_BYTES = 0xff_ff_ff

/**
 * The `messages` argument of `SettlementInbox.submitAndExecute` (PROTOCOL.md
 * "One-shot settlement"): each encoded message as a 3-byte big-endian length,
 * then its bytes, in leaf order.
 *
 * @throws {ProtocolError} `MESSAGE_TRUNCATED` for a message shorter than its header,
 * `MESSAGE_PAYLOAD_TOO_LARGE` for one longer than a 3-byte length can say.
 * @example
 * const data = encodeFunctionData({
 *   abi: settlementInboxAbi,
 *   functionName: 'submitAndExecute',
 *   args: [header, bytesToHex(packMessages(encoded)), signatures],
 * })
 */
export function packMessages(encoded: readonly Uint8Array[]): Uint8Array {
  let size = 0
  for (const [position, m] of encoded.entries()) {
    if (m.length < MESSAGE_HEADER_BYTES)
      throw new ProtocolError('MESSAGE_TRUNCATED', `message ${position} is shorter than its header`, {
        meta: { position, bytes: m.length },
      })
    if (m.length > MAX_PACKED_MESSAGE_BYTES)
      throw new ProtocolError('MESSAGE_PAYLOAD_TOO_LARGE', `message ${position} does not fit a 3-byte length`, {
        meta: { position, bytes: m.length },
      })
    size += 3 + m.length
  }
  const packed = new Uint8Array(size)
  let at = 0
  for (const m of encoded) {
    packed[at] = m.length >>> 16
    packed[at + 1] = (m.length >>> 8) & 0xff
    packed[at + 2] = m.length & 0xff
    packed.set(m, at + 3)
    at += 3 + m.length
  }
  return packed
}
