import type { Hex } from './Hex.js'
import { hexToBytes } from './hexToBytes.js'
import {
  MESSAGE_GAS_LIMIT_OFFSET,
  MESSAGE_NONCE_OFFSET,
  MESSAGE_HEADER_BYTES,
  MESSAGE_VERSION,
  type Message,
  type MessageCodecOptions,
} from './Message.js'
import { ProtocolError } from './ProtocolError.js'
import { resolveMaxPayloadBytes } from './resolveMaxPayloadBytes.js'

const MAX_UINT64 = (1n << 64n) - 1n

function outOfRange(field: string, value: unknown, expected: string): ProtocolError {
  const shown = typeof value === 'bigint' ? value.toString() : typeof value === 'string' ? value.slice(0, 70) : value
  return new ProtocolError('MESSAGE_FIELD_OUT_OF_RANGE', `message ${field} must be ${expected}`, {
    meta: { field, value: shown },
  })
}

function assertUint32(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw outOfRange(field, value, 'a uint32')
}

function bytes32(field: string, value: Hex): Uint8Array {
  const bytes = hexToBytes(value, field)
  if (bytes.length !== 32) throw outOfRange(field, value, '32 bytes')
  return bytes
}

/**
 * The wire bytes of `message` (PROTOCOL.md "Message": packed, big-endian,
 * 85-byte header then the payload).
 *
 * @throws {ProtocolError} `MESSAGE_UNKNOWN_VERSION` (version is not 2),
 * `MESSAGE_FIELD_OUT_OF_RANGE` (nonce not a uint64, a domain or the gas limit not a uint32,
 * sender or recipient not 32 bytes), `HEX_INVALID`, `MESSAGE_PAYLOAD_TOO_LARGE`, `MAX_PAYLOAD_INVALID`.
 * @example
 * const bytes = encodeMessage({
 *   version: 2, nonce: 0n, origin: domains.ethereum, sender: addressToBytes32(from),
 *   destination: domains.bsc, recipient: addressToBytes32(to), gasLimit: DEFAULT_GAS_LIMIT, payload: '0x',
 * })
 * bytes.length // 85
 */
export function encodeMessage(message: Message, options?: MessageCodecOptions): Uint8Array {
  const maxPayloadBytes = resolveMaxPayloadBytes(options)
  if (message.version !== MESSAGE_VERSION) {
    throw new ProtocolError('MESSAGE_UNKNOWN_VERSION', `message version ${message.version} is not ${MESSAGE_VERSION}`, {
      meta: { version: message.version },
    })
  }
  if (typeof message.nonce !== 'bigint' || message.nonce < 0n || message.nonce > MAX_UINT64) {
    throw outOfRange('nonce', message.nonce, 'a uint64 bigint')
  }
  assertUint32('origin', message.origin)
  assertUint32('destination', message.destination)
  assertUint32('gasLimit', message.gasLimit)
  const sender = bytes32('sender', message.sender)
  const recipient = bytes32('recipient', message.recipient)
  const payload = hexToBytes(message.payload, 'payload')
  if (payload.length > maxPayloadBytes) {
    throw new ProtocolError(
      'MESSAGE_PAYLOAD_TOO_LARGE',
      `payload of ${payload.length} bytes exceeds ${maxPayloadBytes}`,
      {
        meta: { payloadBytes: payload.length, maxPayloadBytes },
      },
    )
  }
  const out = new Uint8Array(MESSAGE_HEADER_BYTES + payload.length)
  const view = new DataView(out.buffer)
  view.setUint8(0, MESSAGE_VERSION)
  view.setBigUint64(MESSAGE_NONCE_OFFSET, message.nonce)
  view.setUint32(9, message.origin)
  out.set(sender, 13)
  view.setUint32(45, message.destination)
  out.set(recipient, 49)
  view.setUint32(MESSAGE_GAS_LIMIT_OFFSET, message.gasLimit)
  out.set(payload, MESSAGE_HEADER_BYTES)
  return out
}
