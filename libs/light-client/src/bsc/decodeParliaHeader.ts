import {
  decodeBlockHeader,
  decodeRlp,
  encodeBlockHeader,
  type BlockHeader,
  type RpcBlockHeader,
} from '@relaymesh/receipt-proof'
import { hexToBytesOrThrow } from './bytes.js'
import { EMPTY_UNCLE_HASH } from './constants.js'
import type { ParliaHeader } from './ParliaHeader.js'
import { parliaError } from './parliaError.js'

/** A header as shipped (RLP bytes, what `encodeBlockHeader` produces) or as `eth_getBlockByNumber` returns it. */
export type ParliaHeaderInput = Uint8Array | RpcBlockHeader

function decodeChecked(input: ParliaHeaderInput): { rlp: Uint8Array; header: BlockHeader } {
  try {
    const rlp = input instanceof Uint8Array ? input : encodeBlockHeader(input)
    return { rlp, header: decodeBlockHeader(rlp) }
  } catch (error) {
    throw parliaError('PARLIA_INVALID_HEADER', 'Invalid BSC header: not a well-formed EVM header', {}, error)
  }
}

/**
 * Decodes a BSC header (RLP bytes or RPC JSON) and applies Parlia's
 * standalone rule on uncles (`verifyHeader`: `errInvalidUncleHash`). The
 * extraData is parsed later, once the epoch length says which layout applies.
 *
 * @throws {LightClientError} `PARLIA_INVALID_HEADER`
 * @example
 * const header = decodeParliaHeader(JSON.parse(readFileSync('66277000.json', 'utf8')))
 * header.hash // '0x8af6d275...'
 */
export function decodeParliaHeader(input: ParliaHeaderInput): ParliaHeader {
  const { rlp, header } = decodeChecked(input)
  if (header.sha3Uncles !== EMPTY_UNCLE_HASH) {
    throw parliaError('PARLIA_INVALID_HEADER', 'Invalid BSC header: non-empty uncle hash', {
      number: header.number,
      hash: header.hash,
    })
  }
  const fields = decodeRlp(rlp) as Uint8Array[] // reason: decodeBlockHeader accepted it as a flat list of byte strings
  return {
    hash: header.hash,
    number: header.number,
    parentHash: header.parentHash,
    miner: header.miner,
    difficulty: header.difficulty,
    receiptsRoot: header.receiptsRoot,
    stateRoot: header.stateRoot,
    timestamp: header.timestamp,
    extraData: hexToBytesOrThrow(header.extraData, 'extraData', 'PARLIA_INVALID_HEADER'),
    fields,
  }
}
