import { countBytes32List } from './countBytes32List.js'
import { equalBytes32 } from './equalBytes32.js'
import type { Hex } from './Hex.js'
import { getKeccakKernel, KERNEL_HEAP } from './keccakKernel.js'
import { merkleDepth } from './merkleDepth.js'
import { writeBytes32List } from './writeBytes32List.js'

/**
 * Inputs of `verifyMerkleProof`. `count` is the batch's `messageCount`: it fixes
 * the depth, so a proof is only valid for the tree size it was made for.
 *
 * @example
 * const parameters: VerifyMerkleProofParameters = { root, count: 1000, index: 7, leaf, proof }
 */
export type VerifyMerkleProofParameters = {
  root: Hex | Uint8Array
  count: number
  index: number
  leaf: Hex | Uint8Array
  /** `depth` sibling hashes bottom-up, listed or packed (`32 * depth` bytes). */
  proof: readonly (Hex | Uint8Array)[] | Uint8Array
}

const MAX_COUNT = 2 ** 32 - 1 // messageCount is a uint32

/**
 * Checks a single Merkle proof (PROTOCOL.md "Batch Merkle tree": `index < count`,
 * exactly `ceil(log2(count))` siblings, bottom-up). Pure and synchronous; returns
 * `false` for any malformed input (wrong lengths, bad hex, bad numbers) and never throws.
 * The fold runs in one WebAssembly call.
 *
 * @example
 * const tree = createMerkleTree(leaves)
 * verifyMerkleProof({ root: tree.root, count: tree.count, index: 5, leaf: tree.leaf(5), proof: tree.proof(5) }) // true
 */
export function verifyMerkleProof(parameters: VerifyMerkleProofParameters): boolean {
  const { root, count, index, leaf, proof } = parameters
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) return false
  if (!Number.isInteger(index) || index < 0 || index >= count) return false
  const depth = merkleDepth(count)
  if (countBytes32List(proof) !== depth) return false
  const kernel = getKeccakKernel()
  // Layout: root, node (starts as the leaf), proof.
  const rootAt = KERNEL_HEAP
  const nodeAt = KERNEL_HEAP + 32
  const memory = kernel.reserve(64 + 32 * depth)
  if (!writeBytes32List([root], memory, rootAt) || !writeBytes32List([leaf], memory, nodeAt)) return false
  if (!writeBytes32List(proof, memory, nodeAt + 32)) return false
  kernel.foldProof(nodeAt, nodeAt + 32, depth, index)
  return equalBytes32(memory, rootAt, nodeAt)
}
