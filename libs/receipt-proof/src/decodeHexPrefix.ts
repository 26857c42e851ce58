import { ReceiptProofError } from './ReceiptProofError.js'

export type DecodeHexPrefixReturnType = { nibbles: Uint8Array; isLeaf: boolean }

/**
 * Decodes a hex-prefix encoded path (Yellow Paper appendix C). Rejects unknown
 * flag values and a non-zero padding nibble, so each path has one encoding.
 * Throws `RECEIPT_PROOF_INVALID`, since it only ever reads trie nodes.
 *
 * @example
 * decodeHexPrefix(Uint8Array.of(0x31, 0x23)) // { nibbles: Uint8Array [1, 2, 3], isLeaf: true }
 */
export function decodeHexPrefix(encoded: Uint8Array): DecodeHexPrefixReturnType {
  const first = encoded[0]
  if (first === undefined) throw invalid('empty path')
  const flags = first >> 4
  if (flags > 3) throw invalid(`unknown flags ${flags}`)
  const odd = flags & 1
  if (odd === 0 && (first & 0x0f) !== 0) throw invalid('non-zero padding nibble')
  const nibbles = new Uint8Array((encoded.length - 1) * 2 + odd)
  let o = 0
  if (odd === 1) nibbles[o++] = first & 0x0f
  for (let i = 1; i < encoded.length; i++) {
    const byte = encoded[i] as number // reason: i < length
    nibbles[o++] = byte >> 4
    nibbles[o++] = byte & 0x0f
  }
  return { nibbles, isLeaf: flags >= 2 }
}

function invalid(why: string): ReceiptProofError {
  return new ReceiptProofError(`Invalid trie path: ${why}`, {
    code: 'RECEIPT_PROOF_INVALID',
    meta: { reason: 'bad-encoding' },
  })
}
