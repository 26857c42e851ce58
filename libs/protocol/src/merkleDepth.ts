/**
 * Depth of the batch tree over `count` leaves: `ceil(log2(count))`, so one
 * leaf gives depth 0 (PROTOCOL.md "Batch Merkle tree"). Also the length of a
 * single proof.
 *
 * @example
 * merkleDepth(1) // 0
 * merkleDepth(1000) // 10
 */
export function merkleDepth(count: number): number {
  let depth = 0
  while (2 ** depth < count) depth++
  return depth
}
