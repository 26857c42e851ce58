import { assertMultiproofIndices } from './assertMultiproofIndices.js'
import { bytesToHex } from './bytesToHex.js'
import type { Hex } from './Hex.js'
import { merkleLayers, type MerkleLayers } from './merkleLayers.js'
import type { MerkleLeaves } from './MerkleLeaves.js'
import { ProtocolError } from './ProtocolError.js'

/**
 * A built batch tree (PROTOCOL.md "Batch Merkle tree"): root, size, and proofs.
 *
 * @example
 * const tree: MerkleTree = createMerkleTree(leaves)
 */
export type MerkleTree = {
  /** The root; for one leaf, that leaf. */
  readonly root: Hex
  readonly rootBytes: Uint8Array
  /** Number of leaves `n` (the batch header's `messageCount`). */
  readonly count: number
  /** `ceil(log2(n))`, the length of a single proof. */
  readonly depth: number
  /** Leaf `index` as hex. */
  leaf(index: number): Hex
  /** The `depth` sibling hashes of leaf `index`, bottom-up. */
  proof(index: number): Hex[]
  /** `proof(index)` packed into `32 * depth` bytes. */
  proofBytes(index: number): Uint8Array
  /** Missing sibling hashes for strictly ascending `indices`, level by level, bottom-up. */
  multiproof(indices: readonly number[]): Hex[]
}

function assertIndex(index: number, count: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new ProtocolError('MERKLE_INDEX_OUT_OF_RANGE', `leaf index ${index} is not below the leaf count ${count}`, {
      meta: { index, count },
    })
  }
}

function proofBytes(layers: MerkleLayers, index: number): Uint8Array {
  const { nodes, offsets, depth } = layers
  const out = new Uint8Array(32 * depth)
  for (let level = 0, i = index; level < depth; level++, i = Math.floor(i / 2)) {
    const at = (offsets[level] as number) + 32 * (i ^ 1) // reason: level < depth < offsets.length
    out.set(nodes.subarray(at, at + 32), 32 * level)
  }
  return out
}

function multiproof(layers: MerkleLayers, indices: readonly number[]): Hex[] {
  const { nodes, offsets, depth } = layers
  const proof: Hex[] = []
  let known = indices.slice()
  for (let level = 0; level < depth; level++) {
    const base = offsets[level] as number // reason: level < depth < offsets.length
    const parents: number[] = []
    for (let t = 0; t < known.length; t++) {
      const i = known[t] as number // reason: t < known.length
      if (i % 2 === 0 && known[t + 1] === i + 1) t++
      else proof.push(bytesToHex(nodes.subarray(base + 32 * (i ^ 1), base + 32 * (i ^ 1) + 32)))
      parents.push(Math.floor(i / 2))
    }
    known = parents
  }
  return proof
}

/**
 * Builds the batch tree over `leaves` (one kernel call per layer; about 0.05 s
 * for 100k leaves on this machine) and keeps every layer for proofs.
 *
 * @throws {ProtocolError} `MERKLE_EMPTY`, `MERKLE_LEAVES_MALFORMED`; its methods throw
 * `MERKLE_INDEX_OUT_OF_RANGE` and `MERKLE_INDICES_INVALID`.
 * @example
 * const tree = createMerkleTree(messageIds(encodedMessages))
 * const proof = tree.proof(3)
 * verifyMerkleProof({ root: tree.root, count: tree.count, index: 3, leaf: tree.leaf(3), proof }) // true
 * const multi = tree.multiproof([0, 3, 4])
 */
export function createMerkleTree(leaves: MerkleLeaves): MerkleTree {
  const layers = merkleLayers(leaves, true)
  const { nodes, offsets, depth } = layers
  const count = layers.counts[0] as number // reason: counts always holds the leaf layer
  const rootAt = offsets[depth] as number // reason: offsets has depth + 1 entries
  const rootBytes = nodes.slice(rootAt, rootAt + 32)
  return {
    root: bytesToHex(rootBytes),
    rootBytes,
    count,
    depth,
    leaf(index) {
      assertIndex(index, count)
      return bytesToHex(nodes.subarray(32 * index, 32 * index + 32))
    },
    proof(index) {
      assertIndex(index, count)
      const bytes = proofBytes(layers, index)
      return Array.from({ length: depth }, (_, level) => bytesToHex(bytes.subarray(32 * level, 32 * level + 32)))
    },
    proofBytes(index) {
      assertIndex(index, count)
      return proofBytes(layers, index)
    },
    multiproof(indices) {
      assertMultiproofIndices(indices, count)
      return multiproof(layers, indices)
    },
  }
}
