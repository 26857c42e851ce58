import { countBytes32List } from './countBytes32List.js'
import { equalBytes32 } from './equalBytes32.js'
import type { Hex } from './Hex.js'
import { getKeccakKernel, KERNEL_HEAP } from './keccakKernel.js'
import { merkleDepth } from './merkleDepth.js'
import { writeBytes32List } from './writeBytes32List.js'

/**
 * Inputs of `verifyMerkleMultiproof`; `leaves[i]` is the leaf at `indices[i]`.
 *
 * @example
 * const parameters: VerifyMerkleMultiproofParameters = {
 *   root,
 *   count: 1000,
 *   indices: [3, 9],
 *   leaves: [leaf3, leaf9],
 *   proof,
 * }
 */
export type VerifyMerkleMultiproofParameters = {
  root: Hex | Uint8Array
  count: number
  indices: readonly number[]
  leaves: readonly (Hex | Uint8Array)[] | Uint8Array
  proof: readonly (Hex | Uint8Array)[] | Uint8Array
}

const MAX_COUNT = 2 ** 32 - 1 // messageCount is a uint32

function validIndices(indices: unknown, count: number): indices is readonly number[] {
  if (!Array.isArray(indices) || indices.length === 0) return false
  let previous = -1
  for (const index of indices) {
    if (!Number.isInteger(index) || index <= previous || index >= count) return false
    previous = index
  }
  return true
}

/**
 * Walks one level (PROTOCOL.md "Multiproof"): known nodes at `knownAt` in
 * ascending index order; a node pairs with the next known one when that is its
 * sibling, else takes the next proof hash. Writes the `left ++ right` inputs at
 * `pairsAt`, hashes them back over `knownAt` in one call, returns the parents'
 * indices, or `undefined` when the proof runs out.
 */
function foldLevel(
  memory: Uint8Array,
  at: { knownAt: number; proofAt: number; pairsAt: number; proofLeft: number },
  known: number[],
): number[] | undefined {
  const parents: number[] = []
  for (let t = 0; t < known.length; t++) {
    const i = known[t] as number // reason: t < known.length
    const pair = at.pairsAt + 64 * parents.length
    const self = at.knownAt + 32 * t
    if (i % 2 === 0 && known[t + 1] === i + 1) {
      memory.copyWithin(pair, self, self + 64) // the two known nodes are adjacent
      t++
    } else {
      if (at.proofLeft === 0) return undefined
      const sibling = at.proofAt
      at.proofAt += 32
      at.proofLeft--
      memory.copyWithin(pair + (i % 2 === 0 ? 0 : 32), self, self + 32)
      memory.copyWithin(pair + (i % 2 === 0 ? 32 : 0), sibling, sibling + 32)
    }
    parents.push(Math.floor(i / 2))
  }
  getKeccakKernel().hash64(at.pairsAt, at.knownAt, parents.length)
  return parents
}

/**
 * Checks a Merkle multiproof (PROTOCOL.md "Batch Merkle tree", multiproof rules):
 * indices strictly ascending and `< count`, one leaf per index, proof hashes
 * consumed level by level, exactly one node left and no proof hash left over.
 * Returns `false` for anything malformed and never throws. One kernel call per level.
 *
 * @example
 * const indices = [2, 3, 7]
 * verifyMerkleMultiproof({
 *   root: tree.root, count: tree.count, indices,
 *   leaves: indices.map((i) => tree.leaf(i)), proof: tree.multiproof(indices),
 * }) // true
 */
export function verifyMerkleMultiproof(parameters: VerifyMerkleMultiproofParameters): boolean {
  const { root, count, indices, leaves, proof } = parameters
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT || !validIndices(indices, count)) return false
  const k = indices.length
  const proofCount = countBytes32List(proof)
  if (countBytes32List(leaves) !== k || proofCount === undefined) return false
  const kernel = getKeccakKernel()
  // Layout: root, known nodes (k), proof hashes, pair inputs (up to 2k nodes).
  const rootAt = KERNEL_HEAP
  const knownAt = rootAt + 32
  const proofAt = knownAt + 32 * k
  const memory = kernel.reserve(32 + 96 * k + 32 * proofCount)
  if (!writeBytes32List([root], memory, rootAt) || !writeBytes32List(leaves, memory, knownAt)) return false
  if (!writeBytes32List(proof, memory, proofAt)) return false
  const at = { knownAt, proofAt, pairsAt: proofAt + 32 * proofCount, proofLeft: proofCount }
  let known: number[] | undefined = indices.slice()
  for (let level = merkleDepth(count); level > 0; level--) {
    known = foldLevel(memory, at, known)
    if (known === undefined) return false
  }
  return known.length === 1 && at.proofLeft === 0 && equalBytes32(memory, rootAt, knownAt)
}
