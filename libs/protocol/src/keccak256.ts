import { keccak256Batch } from './keccak256Batch.js'

/**
 * keccak256 (Ethereum's, original Keccak padding) of `bytes`, on the
 * WebAssembly kernel. For many inputs prefer `keccak256Batch` or `keccak256Batch64`.
 *
 * @example
 * keccak256(new TextEncoder().encode('abc'))
 * // 4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45
 */
export function keccak256(bytes: Uint8Array): Uint8Array {
  return keccak256Batch([bytes])
}
