import type { Hex } from './Hex.js'
import { tryHexInto } from './tryHexInto.js'

/**
 * Bytes of `hex`, or `undefined` when it is not well-formed `0x` hex.
 *
 * @example
 * tryHexToBytes('0x01ab') // Uint8Array [1, 171]
 * tryHexToBytes('0x1') // undefined
 */
export function tryHexToBytes(hex: Hex | string): Uint8Array | undefined {
  if (typeof hex !== 'string' || hex.length % 2 !== 0) return undefined
  const out = new Uint8Array(Math.max(0, (hex.length - 2) / 2))
  return tryHexInto(hex, out, 0) ? out : undefined
}
