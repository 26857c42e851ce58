/**
 * Number of 32-byte values in `values` (packed or listed), or `undefined` when
 * the shape is wrong (packed length not a multiple of 32, or not an array).
 *
 * @example
 * countBytes32List(['0x' + '00'.repeat(32)]) // 1
 */
export function countBytes32List(values: unknown): number | undefined {
  if (values instanceof Uint8Array) return values.length % 32 === 0 ? values.length / 32 : undefined
  return Array.isArray(values) ? values.length : undefined
}
