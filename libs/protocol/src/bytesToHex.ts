import type { Hex } from './Hex.js'

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/**
 * Lowercase `0x` hex of `bytes`.
 *
 * @example
 * bytesToHex(new Uint8Array([1, 171])) // '0x01ab'
 */
export function bytesToHex(bytes: Uint8Array): Hex {
  let out = '0x'
  // reason: indices stay below bytes.length, so lookups are defined
  for (let i = 0; i < bytes.length; i++) out += BYTE_HEX[bytes[i] as number] as string
  return out as Hex // reason: starts with 0x by construction
}
