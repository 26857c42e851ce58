/**
 * Strict RLP decoding (Yellow Paper appendix B): only the canonical encoding
 * of an item is accepted (no single byte below 0x80 behind a prefix, no long
 * form for short payloads, no leading zeros in lengths, nothing left over),
 * so one value has exactly one accepted encoding. Byte strings are views
 * (`subarray`) into the input, never copies.
 */
import { ReceiptProofError } from './ReceiptProofError.js'

/** A decoded RLP item: a byte string (a view into the input) or a list. */
export type RlpDecoded = Uint8Array | RlpDecoded[]

function invalid(why: string, offset: number): ReceiptProofError {
  return new ReceiptProofError(`Invalid RLP: ${why}`, { code: 'RLP_INVALID', meta: { offset } })
}

type Span = { isList: boolean; start: number; end: number }

function readLongLength(input: Uint8Array, offset: number, lengthOfLength: number, limit: number): number {
  if (offset + 1 + lengthOfLength > limit) throw invalid('length runs past the end', offset)
  if (input[offset + 1] === 0) throw invalid('length has a leading zero', offset)
  let length = 0
  // reason: bounds checked above
  for (let i = 0; i < lengthOfLength; i++) length = length * 256 + (input[offset + 1 + i] as number)
  if (length < 56) throw invalid('long form used for a short payload', offset)
  return length
}

function readSpan(input: Uint8Array, offset: number, limit: number): Span {
  if (offset >= limit) throw invalid('unexpected end of input', offset)
  const prefix = input[offset] as number // reason: offset < limit <= length
  if (prefix < 0x80) return { isList: false, start: offset, end: offset + 1 }
  const isList = prefix >= 0xc0
  const base = isList ? 0xc0 : 0x80
  let start: number
  let length: number
  if (prefix - base < 56) {
    start = offset + 1
    length = prefix - base
  } else {
    const lengthOfLength = prefix - base - 55
    length = readLongLength(input, offset, lengthOfLength, limit)
    start = offset + 1 + lengthOfLength
  }
  if (start + length > limit) throw invalid('payload runs past the end', offset)
  // reason: start < limit
  if (!isList && length === 1 && (input[start] as number) < 0x80)
    throw invalid('single byte below 0x80 behind a prefix', offset)
  return { isList, start, end: start + length }
}

function decodeAt(input: Uint8Array, offset: number, limit: number, depth: number): { item: RlpDecoded; end: number } {
  if (depth > 64) throw invalid('nesting too deep', offset)
  const span = readSpan(input, offset, limit)
  if (!span.isList) return { item: input.subarray(span.start, span.end), end: span.end }
  const items: RlpDecoded[] = []
  let cursor = span.start
  while (cursor < span.end) {
    const child = decodeAt(input, cursor, span.end, depth + 1)
    items.push(child.item)
    cursor = child.end
  }
  return { item: items, end: span.end }
}

/**
 * Decodes one canonical RLP item that spans the whole input.
 *
 * @example
 * decodeRlp(new Uint8Array([0xc2, 0x01, 0x80])) // [Uint8Array [1], Uint8Array []]
 */
export function decodeRlp(input: Uint8Array): RlpDecoded {
  const { item, end } = decodeAt(input, 0, input.length, 0)
  if (end !== input.length) throw invalid('trailing bytes after the item', end)
  return item
}

/** Narrows a decoded item to a list, or throws `RLP_INVALID` naming what was expected. */
export function asRlpList(item: RlpDecoded | undefined, what: string): RlpDecoded[] {
  if (!Array.isArray(item))
    throw new ReceiptProofError(`Invalid RLP: ${what} is not a list`, { code: 'RLP_INVALID', meta: { what } })
  return item
}

/** Narrows a decoded item to a byte string, or throws `RLP_INVALID` naming what was expected. */
export function asRlpBytes(item: RlpDecoded | undefined, what: string): Uint8Array {
  if (!(item instanceof Uint8Array))
    throw new ReceiptProofError(`Invalid RLP: ${what} is not a byte string`, { code: 'RLP_INVALID', meta: { what } })
  return item
}
