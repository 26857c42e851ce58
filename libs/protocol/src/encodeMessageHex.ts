import { bytesToHex } from './bytesToHex.js'
import { encodeMessage } from './encodeMessage.js'
import type { Hex } from './Hex.js'
import type { Message, MessageCodecOptions } from './Message.js'

/**
 * `encodeMessage` as lowercase `0x` hex (for JSON, logs, viem calldata).
 *
 * @throws {ProtocolError} as `encodeMessage`.
 * @example
 * const hex = encodeMessageHex(message) // '0x01000000000000000700000001...'
 */
export function encodeMessageHex(message: Message, options?: MessageCodecOptions): Hex {
  return bytesToHex(encodeMessage(message, options))
}
