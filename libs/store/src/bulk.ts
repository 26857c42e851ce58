import type pg from 'pg'
import { StoreError } from './StoreError.js'

/**
 * Bulk parameter helpers. Fixed-width byte fields travel as ONE packed
 * `Buffer` parameter (sent by `pg` in binary, no encoding) and are sliced in
 * SQL with `substring(...)`; this measured ~1.5x faster than `bytea[]`.
 */

/** Concatenates `values`, each exactly `width` bytes. */
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

/** Concatenates variable-length `values` and returns each one's 1-based start and length for `substring`. */
export function packVariable(values: readonly Uint8Array[]): { data: Buffer; starts: number[]; lengths: number[] } {
  const starts = new Array<number>(values.length)
  const lengths = new Array<number>(values.length)
  let offset = 1
  for (let i = 0; i < values.length; i++) {
    const length = (values[i] as Uint8Array).length // reason: i < values.length
    starts[i] = offset
    lengths[i] = length
    offset += length
  }
  return { data: Buffer.concat(values as Uint8Array[]), starts, lengths } // reason: not mutated
}

/** SQL for the `g`-th (0-based) 32-byte value of packed parameter `$n`. */
export const slice32 = (n: number, g = 'g') => `substring($${n}::bytea FROM ${g} * 32 + 1 FOR 32)`

/** SQL yielding `(g, id)` rows for the packed 32-byte ids of parameter `$n`. */
export const unpackIds = (n: number) =>
  `(SELECT g, ${slice32(n)} AS id FROM generate_series(0, length($${n}::bytea) / 32 - 1) AS g)`

/** Splits a `string_agg(id, ''::bytea)` result into 32-byte ids (views, no copy). */
export function splitIds(packed: Buffer | null): Uint8Array[] {
  if (!packed) return []
  const ids = new Array<Uint8Array>(packed.length / 32)
  for (let i = 0; i < ids.length; i++) ids[i] = packed.subarray(i * 32, i * 32 + 32)
  return ids
}

/** The ids of `requested` that are not in `returned` (both as bytes); hex sets, only called on the slow path. */
export function missingIds(requested: readonly Uint8Array[], returned: readonly Uint8Array[]): Uint8Array[] {
  const seen = new Set(returned.map((id) => Buffer.from(id.buffer, id.byteOffset, id.byteLength).toString('hex')))
  return requested.filter((id) => !seen.has(Buffer.from(id.buffer, id.byteOffset, id.byteLength).toString('hex')))
}

/**
 * Runs `fn` in a transaction on one pooled connection; rolls back and rethrows on error.
 * A checked-out client has no listener for its `error` event (the pool's idle listener is off while it is
 * out): without one, the server going away mid-transaction (a restart, a failover, a terminated backend)
 * emitted an unhandled `error` and killed the process. The listener marks the connection broken; the
 * pending query rejects on its own and the error reaches the caller as any other.
 */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  let broken: Error | undefined
  const onError = (error: Error) => {
    broken = error
  }
  client.on('error', onError)
  try {
    await client.query('BEGIN')
    const result = await fn(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    try {
      await client.query('ROLLBACK')
    } catch (rollbackError) {
      // The connection is unusable: destroy it instead of returning it to the pool.
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError))
    }
    throw error
  } finally {
    client.off('error', onError)
    client.release(broken)
  }
}

/** `pg` returns int8 as a string; int8 columns that hold uint32 domains fit a number. */
export const toNumber = (value: string | number): number => Number(value)
