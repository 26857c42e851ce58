/**
 * Small byte helpers for Parlia: big-endian integers as RLP wants them and
 * hex parsing that fails with a Parlia code.
 */
import { bytesToHex, type Hex } from '@relaymesh/protocol'
import { parliaError } from './parliaError.js'

export { bytesToHex }
export type { Hex }

/** Minimal big-endian bytes of a non-negative integer (RLP integer: 0 is empty). */
export function bigintToBytes(value: bigint): Uint8Array {
  if (value < 0n) throw new RangeError('negative integer')
  const out: number[] = []
  for (let v = value; v > 0n; v >>= 8n) out.unshift(Number(v & 0xffn))
  return new Uint8Array(out)
}

/** Big-endian bytes to bigint (empty is 0). */
export function bytesToBigint(bytes: Uint8Array): bigint {
  let value = 0n
  for (const byte of bytes) value = (value << 8n) | BigInt(byte)
  return value
}

/** Bytes of `0x` hex, or `PARLIA_INVALID_HEADER` / the given code naming the field. */
export function hexToBytesOrThrow(
  hex: unknown,
  field: string,
  code: 'PARLIA_INVALID_HEADER' | 'PARLIA_INVALID_EXTRA_DATA' | 'PARLIA_INVALID_CONFIG',
): Uint8Array {
  if (typeof hex !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(hex)) {
    throw parliaError(code, `${field} is not 0x-prefixed hex of whole bytes`, { field })
  }
  return Uint8Array.from(Buffer.from(hex.slice(2), 'hex'))
}

/** Byte-wise equality. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
