import type { RpcBlockHeader } from './BlockHeader.js'
import { encodeBlockHeader } from './encodeBlockHeader.js'
import { bytesToHex, keccak256, type Hex } from './hex.js'

export type HashBlockHeaderParameters = RpcBlockHeader | Uint8Array

/**
 * The block hash: keccak256 of the header's RLP. Takes the
 * `eth_getBlockByNumber` JSON or already-encoded RLP bytes. The JSON's own
 * `hash` is ignored; compare it yourself to check the node.
 *
 * @example
 * const block = JSON.parse(readFileSync('block.json', 'utf8'))
 * hashBlockHeader(block) === block.hash // true
 */
export function hashBlockHeader(header: HashBlockHeaderParameters): Hex {
  const rlp = header instanceof Uint8Array ? header : encodeBlockHeader(header)
  return bytesToHex(keccak256(rlp))
}
