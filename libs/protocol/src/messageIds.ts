import { keccak256Batch } from './keccak256Batch.js'

/**
 * Ids of many encoded messages in one WebAssembly call, packed: `32 * n` bytes,
 * id i at `32 * i`, which is exactly the leaf input of `createMerkleTree`.
 *
 * @example
 * const leaves = messageIds(batch.map((m) => encodeMessage(m)))
 * const tree = createMerkleTree(leaves)
 */
export function messageIds(encoded: readonly Uint8Array[]): Uint8Array {
  return keccak256Batch(encoded)
}
