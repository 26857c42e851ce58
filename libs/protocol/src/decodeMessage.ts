import { bytesToHex } from './bytesToHex.js'
import type { Hex } from './Hex.js'
import { hexToBytes } from './hexToBytes.js'
import {
  MESSAGE_GAS_LIMIT_OFFSET,
  MESSAGE_HEADER_BYTES,
  MESSAGE_VERSION,
  type Message,
  type MessageCodecOptions,
} from './Message.js'
import { ProtocolError } from './ProtocolError.js'
import { resolveMaxPayloadBytes } from './resolveMaxPayloadBytes.js'

/**
 * Parses wire bytes into a `Message` (PROTOCOL.md "Message"). The version byte
 * is checked first, since a future version may have another header.
 *
 * @throws {ProtocolError} `MESSAGE_TRUNCATED` (shorter than the 85-byte header),
 * `MESSAGE_UNKNOWN_VERSION`, `MESSAGE_PAYLOAD_TOO_LARGE`, `HEX_INVALID`, `MAX_PAYLOAD_INVALID`.
 * @example
 * const message = decodeMessage(bytes, { maxPayloadBytes: 4096 })
 * message.nonce // 7n
 */
export function decodeMessage(encoded: Uint8Array | Hex, options?: MessageCodecOptions): Message {
  const maxPayloadBytes = resolveMaxPayloadBytes(options)
  const bytes = typeof encoded === 'string' ? hexToBytes(encoded, 'message') : encoded
  if (bytes.length === 0) throw new ProtocolError('MESSAGE_TRUNCATED', 'message is empty', { meta: { bytes: 0 } })
  if (bytes[0] !== MESSAGE_VERSION) {
    throw new ProtocolError('MESSAGE_UNKNOWN_VERSION', `message version ${bytes[0]} is not ${MESSAGE_VERSION}`, {
      meta: { version: bytes[0] },
    })
  }
  if (bytes.length < MESSAGE_HEADER_BYTES) {
    throw new ProtocolError(
      'MESSAGE_TRUNCATED',
      `message of ${bytes.length} bytes is shorter than its ${MESSAGE_HEADER_BYTES}-byte header`,
      {
        meta: { bytes: bytes.length },
      },
    )
  }
  const payloadBytes = bytes.length - MESSAGE_HEADER_BYTES
  if (payloadBytes > maxPayloadBytes) {
    throw new ProtocolError(
      'MESSAGE_PAYLOAD_TOO_LARGE',
      `payload of ${payloadBytes} bytes exceeds ${maxPayloadBytes}`,
      {
        meta: { payloadBytes, maxPayloadBytes },
      },
    )
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return {
    version: MESSAGE_VERSION,
    nonce: view.getBigUint64(1),
    origin: view.getUint32(9),
    sender: bytesToHex(bytes.subarray(13, 45)),
    destination: view.getUint32(45),
    recipient: bytesToHex(bytes.subarray(49, MESSAGE_GAS_LIMIT_OFFSET)),
    gasLimit: view.getUint32(MESSAGE_GAS_LIMIT_OFFSET),
    payload: bytesToHex(bytes.subarray(MESSAGE_HEADER_BYTES)),
  }
}
