/**
 * Recursive Length Prefix encoding (Ethereum Yellow Paper, appendix B).
 * Two passes (measure, then write into one buffer) so a header or receipt is
 * encoded with a single allocation.
 */

/** An RLP item: a byte string or a list of items. */
export type RlpItem = Uint8Array | readonly RlpItem[]

function headerLength(payloadLength: number): number {
  if (payloadLength < 56) return 1
  let n = 1
  for (let l = payloadLength; l >= 256; l = Math.floor(l / 256)) n++
  return 1 + n
}

function encodedLength(item: RlpItem): number {
  if (item instanceof Uint8Array) {
    if (item.length === 1 && (item[0] as number) < 0x80) return 1 // reason: length is 1
    return headerLength(item.length) + item.length
  }
  const payload = payloadLength(item)
  return headerLength(payload) + payload
}

function payloadLength(list: readonly RlpItem[]): number {
  let total = 0
  for (const child of list) total += encodedLength(child)
  return total
}

/** Writes the prefix for a payload of `length` bytes; `short` is 0x80 (string) or 0xc0 (list). */
export function writeRlpHeader(out: Uint8Array, offset: number, length: number, short: number): number {
  if (length < 56) {
    out[offset] = short + length
    return offset + 1
  }
  const bytes: number[] = []
  for (let l = length; l > 0; l = Math.floor(l / 256)) bytes.unshift(l % 256)
  out[offset] = short + 55 + bytes.length
  out.set(bytes, offset + 1)
  return offset + 1 + bytes.length
}

function write(item: RlpItem, out: Uint8Array, offset: number): number {
  if (item instanceof Uint8Array) {
    if (item.length === 1 && (item[0] as number) < 0x80) {
      // reason: length is 1
      out[offset] = item[0] as number // reason: length is 1
      return offset + 1
    }
    const start = writeRlpHeader(out, offset, item.length, 0x80)
    out.set(item, start)
    return start + item.length
  }
  let cursor = writeRlpHeader(out, offset, payloadLength(item), 0xc0)
  for (const child of item) cursor = write(child, out, cursor)
  return cursor
}

/**
 * RLP-encodes a byte string or a nested list of byte strings.
 *
 * @example
 * encodeRlp([new Uint8Array([1]), new Uint8Array()]) // Uint8Array [0xc2, 0x01, 0x80]
 */
export function encodeRlp(item: RlpItem): Uint8Array {
  const out = new Uint8Array(encodedLength(item))
  write(item, out, 0)
  return out
}

/**
 * Wraps already-encoded items in a list header. Trie nodes use it to embed
 * inline children (already RLP) next to hashed ones without re-encoding.
 */
export function encodeRlpListOfEncoded(encodedItems: readonly Uint8Array[]): Uint8Array {
  let payload = 0
  for (const part of encodedItems) payload += part.length
  const out = new Uint8Array(headerLength(payload) + payload)
  let cursor = writeRlpHeader(out, 0, payload, 0xc0)
  for (const part of encodedItems) {
    out.set(part, cursor)
    cursor += part.length
  }
  return out
}
