import { StoreError } from '../StoreError.js'

/**
 * Concatenates `values`, each exactly `width` bytes, into one bulk parameter. Fixed-width byte fields travel as
 * ONE packed `Buffer` parameter (sent by `pg` in binary, no encoding) and are sliced in SQL with `substring(...)`
 * (`slice32`, `unpackIds`); this measured ~1.5x faster than `bytea[]`.
 */
export function packFixed(values: readonly Uint8Array[], width: number, field: string): Buffer {
  for (let i = 0; i < values.length; i++) {
    const value = values[i]
    if (value?.length !== width)
      throw new StoreError('INVALID_INPUT', `${field} must be ${width} bytes`, {
        meta: { field, index: i, length: value?.length },
      })
  }
  return Buffer.concat(values as Uint8Array[]) // reason: Buffer.concat takes a mutable array type but does not mutate
}
