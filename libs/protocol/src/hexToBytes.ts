import type { Hex } from './Hex.js'
import { ProtocolError } from './ProtocolError.js'
import { tryHexToBytes } from './tryHexToBytes.js'

/**
 * Bytes of a `0x` hex string (either case).
 *
 * @throws {ProtocolError} `HEX_INVALID` when `hex` is not `0x` followed by an even number of hex digits.
 * @example
 * hexToBytes('0x01AB') // Uint8Array [1, 171]
 */
export function hexToBytes(hex: Hex, field = 'hex'): Uint8Array {
  const bytes = tryHexToBytes(hex)
  if (bytes === undefined) {
    const shown = typeof hex === 'string' ? hex.slice(0, 20) : typeof hex
    throw new ProtocolError('HEX_INVALID', `${field} is not 0x-prefixed hex of whole bytes`, {
      meta: { field, value: shown },
    })
  }
  return bytes
}
