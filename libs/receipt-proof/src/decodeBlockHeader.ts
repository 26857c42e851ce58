import {
  HEADER_FIELDS,
  FIXED_LENGTHS,
  BASE_HEADER_FIELDS,
  type BlockHeader,
  type HeaderFieldKind,
} from './BlockHeader.js'
import { asRlpBytes, asRlpList, decodeRlp } from './decodeRlp.js'
import { bytesToBigInt, bytesToHex, keccak256 } from './hex.js'
import { ReceiptProofError } from './ReceiptProofError.js'

export type DecodeBlockHeaderReturnType = BlockHeader

function invalid(why: string, meta: Record<string, unknown>, cause?: unknown): ReceiptProofError {
  return new ReceiptProofError(`Invalid header RLP: ${why}`, { code: 'HEADER_INVALID', meta, cause })
}

function fieldValue(bytes: Uint8Array, name: string, kind: HeaderFieldKind): bigint | `0x${string}` {
  const length = FIXED_LENGTHS[kind]
  if (length !== undefined && bytes.length !== length)
    throw invalid(`${name} must be ${length} bytes`, { field: name, length: bytes.length })
  if (kind !== 'quantity') return bytesToHex(bytes)
  if (bytes[0] === 0) throw invalid(`${name} has a leading zero byte`, { field: name })
  return bytesToBigInt(bytes)
}

function decodeList(rlp: Uint8Array): Uint8Array[] {
  try {
    return asRlpList(decodeRlp(rlp), 'header').map((item, i) => asRlpBytes(item, `header field ${i}`))
  } catch (error) {
    throw invalid('not an RLP list of byte strings', {}, error)
  }
}

/**
 * Decodes header RLP (as shipped by the watcher) into typed fields and its
 * hash. Accepts 15 to 21 fields (legacy to Prague); rejects wrong fixed
 * lengths and non-minimal integers with `HEADER_INVALID`.
 *
 * @example
 * const header = decodeBlockHeader(rlp)
 * header.number        // 21925176n
 * header.receiptsRoot  // '0xf883e1a2...'
 * header.hash          // keccak256(rlp)
 */
export function decodeBlockHeader(rlp: Uint8Array): DecodeBlockHeaderReturnType {
  const items = decodeList(rlp)
  if (items.length < BASE_HEADER_FIELDS.length || items.length > HEADER_FIELDS.length) {
    throw invalid(`expected ${BASE_HEADER_FIELDS.length} to ${HEADER_FIELDS.length} fields, got ${items.length}`, {
      fields: items.length,
    })
  }
  const header: Record<string, unknown> = { hash: bytesToHex(keccak256(rlp)) }
  items.forEach((bytes, i) => {
    // reason: i < items.length <= HEADER_FIELDS.length
    const [name, kind] = HEADER_FIELDS[i] as (typeof HEADER_FIELDS)[number]
    header[name] = fieldValue(bytes, name, kind)
  })
  return header as BlockHeader // reason: every base field was set above with the kind BlockHeader declares
}
