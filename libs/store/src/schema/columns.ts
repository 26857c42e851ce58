import { bigint, customType, timestamp } from 'drizzle-orm/pg-core'

/**
 * `bytea` as `Uint8Array` (a `Buffer` when read back from `pg`).
 *
 * Why bytes and not `0x` hex: ids, hashes and addresses are produced as
 * `Uint8Array` by keccak and the proof code, and `pg` sends a `Buffer`
 * parameter in binary format with no encoding at all. The hot paths pack many
 * 32-byte values into ONE `Buffer` parameter and slice it in SQL, which
 * measured ~1.5x faster than a `bytea[]` array (which `pg` turns into an
 * escaped hex string literal element by element). Hex would cost an encode in
 * JS and a decode in Postgres for every value on every hop.
 */
export const bytea = customType<{ data: Uint8Array; driverData: Buffer }>({
  dataType: () => 'bytea',
  toDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)),
  fromDriver: (value) => value,
})

/** A uint32 chain domain (PROTOCOL.md): int4 cannot hold values above 2^31, so int8. */
export const domain = (name: string) => bigint(name, { mode: 'number' })

/** `timestamptz` columns every table carries. */
export const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}

/** A nullable `timestamptz` for one hop of a message or batch. */
export const hopAt = (name: string) => timestamp(name, { withTimezone: true })
