import { getKeccakKernel, KERNEL_HEAP } from './keccakKernel.js'

/**
 * Deepest tree the protocol can name: `messageCount` is a uint32.
 *
 * @example
 * merkleDepth(2 ** 32 - 1) === MAX_MERKLE_DEPTH // true
 */
export const MAX_MERKLE_DEPTH = 32

function compute(): Uint8Array {
  const kernel = getKeccakKernel()
  const memory = kernel.reserve(64)
  const out = new Uint8Array(32 * (MAX_MERKLE_DEPTH + 1))
  for (let level = 1; level <= MAX_MERKLE_DEPTH; level++) {
    const below = out.subarray(32 * (level - 1), 32 * level)
    memory.set(below, KERNEL_HEAP)
    memory.set(below, KERNEL_HEAP + 32)
    kernel.hash64(KERNEL_HEAP, KERNEL_HEAP, 1)
    out.set(memory.subarray(KERNEL_HEAP, KERNEL_HEAP + 32), 32 * level)
  }
  return out
}

/**
 * Root of an all-zero subtree of each height, packed: bytes `32 * h .. 32 * h + 32`
 * hold the root of `2^h` zero leaves (`h = 0` is `bytes32(0)`). The builder pairs
 * a layer's odd last node with the zero hash of its height instead of hashing
 * padding. Computed once per thread at import; treat as read-only.
 *
 * @example
 * const z1 = ZERO_HASHES.subarray(32, 64) // keccak256(bytes32(0) ++ bytes32(0))
 */
export const ZERO_HASHES: Uint8Array = compute()
