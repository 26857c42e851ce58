import { bytesToHex } from './bytesToHex.js'
import type { Hex } from './Hex.js'
import { hexToBytes } from './hexToBytes.js'
import { keccak256 } from './keccak256.js'

/**
 * Message id = `keccak256(encoding)` (PROTOCOL.md). Hashes the bytes as given;
 * decode first if they are untrusted. For many messages use `messageIds`.
 *
 * @throws {ProtocolError} `HEX_INVALID` for malformed hex.
 * @example
 * const id = messageId(encodeMessage(message)) // '0x…' (32 bytes)
 */
export function messageId(encoded: Uint8Array | Hex): Hex {
  const bytes = typeof encoded === 'string' ? hexToBytes(encoded, 'message') : encoded
  return bytesToHex(keccak256(bytes))
}
