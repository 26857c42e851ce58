import { getKeccakKernel, KERNEL_HEAP } from './keccakKernel.js'
import { ProtocolError } from './ProtocolError.js'

/**
 * keccak256 of `n` consecutive 64-byte inputs in one call: `input` holds
 * `n * 64` bytes, the result `n * 32` bytes (digest i at `32 * i`). This is the
 * Merkle inner-node shape (`left ++ right`); one WebAssembly call hashes a whole
 * tree layer, about 14x the throughput of one `@noble/hashes` call per node.
 *
 * @throws {ProtocolError} `KECCAK_INPUT_INVALID` when `n` is not a non-negative integer or `input` is shorter than `n *
 *   64`.
 * @example
 * const pairs = new Uint8Array(2 * 64) // two all-zero inputs
 * const digests = keccak256Batch64(pairs, 2) // 64 bytes: two equal digests
 */
export function keccak256Batch64(input: Uint8Array, n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0 || input.length < n * 64) {
    throw new ProtocolError('KECCAK_INPUT_INVALID', 'keccak256Batch64 needs n * 64 bytes of input', {
      meta: { n, inputBytes: input.length },
    })
  }
  const kernel = getKeccakKernel()
  const memory = kernel.reserve(n * 64)
  memory.set(input.subarray(0, n * 64), KERNEL_HEAP)
  // In place: the kernel reads input i before writing digest i (keccakWat.ts).
  kernel.hash64(KERNEL_HEAP, KERNEL_HEAP, n)
  return memory.slice(KERNEL_HEAP, KERNEL_HEAP + n * 32)
}
