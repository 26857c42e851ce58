import { getKeccakKernel, KERNEL_HEAP } from './keccakKernel.js'
import { loadLeaves } from './loadLeaves.js'
import { merkleDepth } from './merkleDepth.js'
import type { MerkleLeaves } from './MerkleLeaves.js'
import { ZERO_HASHES } from './zeroHashes.js'

/**
 * Every layer of a batch tree, packed bottom-up in `nodes`: layer `k` starts at
 * byte `offsets[k]` and has `counts[k]` nodes, plus, when that count is odd and
 * `k < depth`, one more slot holding the zero-subtree hash of height `k` (the
 * padding sibling), so a proof reads every sibling from `nodes` directly.
 *
 * @example
 * const { nodes, offsets } = merkleLayers(leaves, true)
 * const firstParent = nodes.subarray(offsets[1], offsets[1] + 32)
 */
export type MerkleLayers = {
  nodes: Uint8Array
  offsets: number[]
  counts: number[]
  depth: number
}

function layerBytes(count: number): number {
  let total = 0
  for (let m = count; m > 1; m = (m + 1) >> 1) total += 32 * (m + (m & 1))
  return total + 32
}

/**
 * Builds the batch tree of PROTOCOL.md "Batch Merkle tree" with one kernel call
 * per layer: the leaf layer is padded to `2^depth` with `bytes32(0)` in effect,
 * by pairing an odd last node with the zero-subtree hash of its height.
 * With `keepLayers = false` each layer overwrites the one below (root only).
 *
 * @throws {ProtocolError} as `loadLeaves`.
 * @example
 * const { nodes, offsets, depth } = merkleLayers(leaves, true)
 * const root = nodes.subarray(offsets[depth], offsets[depth] + 32)
 */
export function merkleLayers(leaves: MerkleLeaves, keepLayers: boolean): MerkleLayers {
  const kernel = getKeccakKernel()
  const count = loadLeaves(kernel, leaves, (n) => (keepLayers ? layerBytes(n) : 32 * (n + 1)))
  const memory = kernel.reserve(0) // loadLeaves reserved enough; this only takes a fresh view
  const depth = merkleDepth(count)
  const offsets = [0]
  const counts = [count]
  let at = KERNEL_HEAP
  let m = count
  for (let level = 0; level < depth; level++) {
    if (m & 1) memory.set(ZERO_HASHES.subarray(32 * level, 32 * level + 32), at + 32 * m)
    const pairs = (m + 1) >> 1
    const next = keepLayers ? at + 64 * pairs : at
    kernel.hash64(at, next, pairs)
    at = next
    m = pairs
    offsets.push(at - KERNEL_HEAP)
    counts.push(m)
  }
  return { nodes: memory.slice(KERNEL_HEAP, at + 32), offsets, counts, depth }
}
