import {
  BASE_HEADER_FIELDS,
  FIXED_LENGTHS,
  FORK_HEADER_FIELDS,
  type HeaderFieldKind,
  type RpcBlockHeader,
} from './BlockHeader.js'
import { encodeRlp } from './encodeRlp.js'
import { hexToBytes, quantityToBytes, type HexContext } from './hex.js'
import { ReceiptProofError } from './ReceiptProofError.js'

export type EncodeBlockHeaderParameters = RpcBlockHeader

function fieldBytes(value: unknown, name: string, kind: HeaderFieldKind): Uint8Array {
  const context: HexContext = { field: `header.${name}`, code: 'HEADER_INVALID' }
  if (kind === 'quantity') return quantityToBytes(value, context)
  return hexToBytes(value, context, FIXED_LENGTHS[kind])
}

/**
 * The fork fields present in `header`, which must form a prefix of
 * {@link FORK_HEADER_FIELDS}: a later-fork field without an earlier one
 * (say `withdrawalsRoot` without `baseFeePerGas`) cannot be hashed right.
 */
function presentForkFields(header: RpcBlockHeader): (typeof FORK_HEADER_FIELDS)[number][] {
  const present = FORK_HEADER_FIELDS.filter(([name]) => header[name] !== undefined && header[name] !== null)
  const expected = FORK_HEADER_FIELDS.slice(0, present.length)
  const gap = expected.find((field, i) => field[0] !== present[i]?.[0])
  if (gap) {
    throw new ReceiptProofError(
      `Invalid header: ${present.find((f) => !expected.includes(f))?.[0]} present without ${gap[0]}`,
      {
        code: 'HEADER_INVALID',
        meta: { missing: gap[0], present: present.map(([name]) => name) },
      },
    )
  }
  return present
}

/**
 * RLP-encodes a block header from its `eth_getBlockByNumber` JSON, with the
 * fork fields it carries (legacy, London, Shanghai, Cancun, Prague; BSC too).
 * The watcher ships these bytes; `keccak256` of them is the block hash.
 *
 * @example
 * const block = await client.request({ method: 'eth_getBlockByNumber', params: ['latest', false] })
 * const rlp = encodeBlockHeader(block)
 * decodeBlockHeader(rlp).hash === block.hash // true
 */
export function encodeBlockHeader(header: EncodeBlockHeaderParameters): Uint8Array {
  if (typeof header !== 'object' || header === null) {
    throw new ReceiptProofError('Invalid header: not an object', { code: 'HEADER_INVALID' })
  }
  const fields = [...BASE_HEADER_FIELDS, ...presentForkFields(header)]
  return encodeRlp(fields.map(([name, kind]) => fieldBytes(header[name], name, kind)))
}
