import { bytesToHex } from './bytesToHex.js'
import type { Hex } from './Hex.js'
import { merkleLayers } from './merkleLayers.js'
import type { MerkleLeaves } from './MerkleLeaves.js'

/**
 * Root of the batch tree over `leaves` (PROTOCOL.md "Batch Merkle tree"),
 * without keeping the layers (hashes each layer in place).
 *
 * @throws {ProtocolError} `MERKLE_EMPTY`, `MERKLE_LEAVES_MALFORMED`.
 * @example
 * merkleRoot(messageIds(encodedMessages)) // '0x…'
 * merkleRoot([leaf]) // leaf itself: one leaf is its own root
 */
export function merkleRoot(leaves: MerkleLeaves): Hex {
  return bytesToHex(merkleLayers(leaves, false).nodes)
}
