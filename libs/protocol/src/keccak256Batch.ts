import { getKeccakKernel, KERNEL_HEAP } from './keccakKernel.js'

/**
 * keccak256 of each input, any lengths, in one WebAssembly call; returns the
 * digests packed (`inputs.length * 32` bytes, digest i at `32 * i`). Message ids
 * of a block's messages come out ready to be Merkle leaves.
 *
 * @example
 * const digests = keccak256Batch([new Uint8Array(0), new TextEncoder().encode('abc')])
 * // digests.subarray(0, 32): c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470
 * // digests.subarray(32, 64): 4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45
 */
export function keccak256Batch(inputs: readonly Uint8Array[]): Uint8Array {
  const n = inputs.length
  let total = 0
  for (const input of inputs) total += input.length
  // Layout from KERNEL_HEAP: data, then n + 1 u32 offsets (4-aligned), then digests.
  const offsetsAt = KERNEL_HEAP + ((total + 3) & ~3)
  const outAt = offsetsAt + 4 * (n + 1)
  const kernel = getKeccakKernel()
  const memory = kernel.reserve(outAt + 32 * n - KERNEL_HEAP)
  const offsets = new Uint32Array(memory.buffer, offsetsAt, n + 1)
  let cursor = 0
  for (let i = 0; i < n; i++) {
    const input = inputs[i] as Uint8Array // reason: i < n
    memory.set(input, KERNEL_HEAP + cursor)
    offsets[i] = cursor
    cursor += input.length
  }
  offsets[n] = cursor
  kernel.hashVar(KERNEL_HEAP, offsetsAt, n, outAt)
  return memory.slice(outAt, outAt + 32 * n)
}
