import type { KeccakKernel } from './keccakKernel.js'
import { KERNEL_HEAP } from './keccakKernel.js'
import { countBytes32List } from './countBytes32List.js'
import type { MerkleLeaves } from './MerkleLeaves.js'
import { ProtocolError } from './ProtocolError.js'
import { writeBytes32List } from './writeBytes32List.js'

/**
 * Validates `leaves`, reserves `bytesFor(count)` bytes of kernel memory and
 * writes the leaves at `KERNEL_HEAP`; returns the leaf count.
 *
 * @throws {ProtocolError} `MERKLE_EMPTY` (no leaves), `MERKLE_LEAVES_MALFORMED` (packed length not a multiple of 32, or
 *   a leaf not 32 bytes of hex).
 * @example
 * const n = loadLeaves(kernel, leaves, (n) => 64 * n)
 */
export function loadLeaves(kernel: KeccakKernel, leaves: MerkleLeaves, bytesFor: (count: number) => number): number {
  const count = countBytes32List(leaves)
  if (count === undefined) {
    throw new ProtocolError('MERKLE_LEAVES_MALFORMED', 'packed leaves must be a multiple of 32 bytes', {
      // reason: only a Uint8Array yields no count
      meta: { bytes: (leaves as Uint8Array).length },
    })
  }
  if (count === 0) throw new ProtocolError('MERKLE_EMPTY', 'a batch tree needs at least one leaf')
  const memory = kernel.reserve(bytesFor(count))
  if (!writeBytes32List(leaves, memory, KERNEL_HEAP)) {
    throw new ProtocolError('MERKLE_LEAVES_MALFORMED', 'every leaf must be 32 bytes (0x hex or bytes)')
  }
  return count
}
