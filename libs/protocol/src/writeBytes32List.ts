import type { MerkleLeaves } from './MerkleLeaves.js'
import { tryHexInto } from './tryHexInto.js'

/**
 * Writes `values` (packed or listed; hex must be exactly 32 bytes) into
 * `memory` at `offset`; false on any malformed element. Never throws, so the
 * verifiers can answer `false` to garbage.
 *
 * @example
 * writeBytes32List([leafHex], kernelMemory, KERNEL_HEAP) // true
 */
export function writeBytes32List(values: MerkleLeaves, memory: Uint8Array, offset: number): boolean {
  if (values instanceof Uint8Array) {
    memory.set(values, offset)
    return true
  }
  for (let i = 0; i < values.length; i++) {
    const value = values[i]
    const at = offset + 32 * i
    if (value instanceof Uint8Array) {
      if (value.length !== 32) return false
      memory.set(value, at)
    } else if (typeof value !== 'string' || value.length !== 66 || !tryHexInto(value, memory, at)) {
      return false
    }
  }
  return true
}
