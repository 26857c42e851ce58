/**
 * Hex and byte helpers shared by the encoders. Kept local (no viem) so the
 * hot paths stay allocation-light and the error is always a ReceiptProofError.
 */
import { keccak256 as wasmKeccak256 } from '@relaymesh/protocol'
import { ReceiptProofError, type ReceiptProofErrorCode } from './ReceiptProofError.js'

/** A `0x`-prefixed hex string. */
export type Hex = `0x${string}`

const BYTE_TO_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

export function bytesToHex(bytes: Uint8Array): Hex {
  let out = '0x'
  for (let i = 0; i < bytes.length; i++) out += BYTE_TO_HEX[bytes[i] as number] // reason: i < length
  return out as Hex // reason: built with the 0x prefix above
}

/** Char code -> nibble value, -1 for a non-hex character (a table: the hot loop of receipt encoding). */
const NIBBLE = new Int8Array(128).fill(-1)
for (let c = 0; c < 16; c++) {
  NIBBLE['0123456789abcdef'.charCodeAt(c)] = c
  NIBBLE['0123456789ABCDEF'.charCodeAt(c)] = c
}

function nibble(code: number): number {
  return code < 128 ? (NIBBLE[code] as number) : -1 // reason: code < 128 = table length
}

/** Where a hex string came from, so a parse error names the field and the right code. */
export type HexContext = { field: string; code: ReceiptProofErrorCode }

function invalidHex(value: unknown, context: HexContext, why: string): ReceiptProofError {
  return new ReceiptProofError(`Invalid ${context.field}: ${why}`, {
    code: context.code,
    meta: { field: context.field, value: typeof value === 'string' ? value.slice(0, 80) : typeof value },
  })
}

function digitsOf(value: unknown, context: HexContext): string {
  if (typeof value !== 'string' || !value.startsWith('0x'))
    throw invalidHex(value, context, 'expected a 0x-prefixed hex string')
  return value.slice(2)
}

function parseDigits(digits: string, value: string, context: HexContext): Uint8Array {
  const odd = digits.length % 2
  const out = new Uint8Array((digits.length + odd) / 2)
  for (let i = 0, j = -odd; i < out.length; i++, j += 2) {
    const hi = j < 0 ? 0 : nibble(digits.charCodeAt(j))
    const lo = nibble(digits.charCodeAt(j + 1))
    if (hi < 0 || lo < 0) throw invalidHex(value, context, 'not hex')
    out[i] = hi * 16 + lo
  }
  return out
}

/** Parses `0x`-prefixed data (even length), optionally of an exact byte length. */
export function hexToBytes(value: unknown, context: HexContext, length?: number): Uint8Array {
  const digits = digitsOf(value, context)
  if (digits.length % 2 !== 0) throw invalidHex(value, context, 'odd number of hex digits')
  const bytes = parseDigits(digits, value as string, context) // reason: digitsOf checked it is a string
  if (length !== undefined && bytes.length !== length) {
    throw invalidHex(value, context, `expected ${length} bytes, got ${bytes.length}`)
  }
  return bytes
}

/** Parses a JSON-RPC quantity (`0x0`, `0x1a`) to its minimal big-endian bytes (zero is empty). */
export function quantityToBytes(value: unknown, context: HexContext): Uint8Array {
  const digits = digitsOf(value, context)
  if (digits.length === 0) throw invalidHex(value, context, 'empty quantity')
  let start = 0
  while (start < digits.length - 1 && digits.charCodeAt(start) === 48) start++
  const trimmed = digits.slice(start)
  if (trimmed === '0') return new Uint8Array(0)
  return parseDigits(trimmed, value as string, context) // reason: digitsOf checked it is a string
}

/** Big-endian unsigned bytes to bigint. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let out = 0n
  for (let i = 0; i < bytes.length; i++) out = (out << 8n) | BigInt(bytes[i] as number) // reason: i < length
  return out
}

/** Splits bytes into 4-bit nibbles, high nibble first (trie paths). */
export function bytesToNibbles(bytes: Uint8Array): Uint8Array {
  const nibbles = new Uint8Array(bytes.length * 2)
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number // reason: i < length
    nibbles[2 * i] = byte >> 4
    nibbles[2 * i + 1] = byte & 0x0f
  }
  return nibbles
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * keccak256 on @relaymesh/protocol's WebAssembly kernel: about 20 times
 * @noble/hashes on 2 KB trie nodes (300 vs 15 MB/s here), and hashing is
 * most of building a trie and verifying a proof. Tests cross-check it
 * against noble through the reference trie.
 */
export function keccak256(bytes: Uint8Array): Uint8Array {
  return wasmKeccak256(bytes)
}
