import { ProtocolError } from './ProtocolError.js'

/**
 * Checks multiproof indices as PROTOCOL.md requires: at least one, integers,
 * strictly ascending (so no duplicates), each `< count`.
 *
 * @throws {ProtocolError} `MERKLE_INDICES_INVALID` or `MERKLE_INDEX_OUT_OF_RANGE`.
 * @example
 * assertMultiproofIndices([1, 4, 9], 10)
 */
export function assertMultiproofIndices(indices: readonly number[], count: number): void {
  if (indices.length === 0) throw new ProtocolError('MERKLE_INDICES_INVALID', 'a multiproof needs at least one index')
  let previous = -1
  for (const index of indices) {
    if (!Number.isInteger(index) || index <= previous) {
      throw new ProtocolError('MERKLE_INDICES_INVALID', 'multiproof indices must be strictly ascending integers', {
        meta: { index, previous },
      })
    }
    if (index >= count) {
      throw new ProtocolError('MERKLE_INDEX_OUT_OF_RANGE', `leaf index ${index} is not below the leaf count ${count}`, {
        meta: { index, count },
      })
    }
    previous = index
  }
}
