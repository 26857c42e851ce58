import type { ReasonCode } from '@relaymesh/errors'
import type { StoreDb } from './createDb.js'

/** One rejection or failure; also used for dead-lettered NATS messages (stage `dead-letter`). */
export type RejectionInput = {
  /** `watch`, `verify`, `batch`, `cosign`, `settle`, `execute`, `dead-letter`. */
  stage: string
  reasonCode: ReasonCode
  details?: unknown
  messageId?: Uint8Array | null | undefined
  origin?: number | null | undefined
  blockHash?: Uint8Array | null | undefined
}

const SQL = `INSERT INTO rejections (stage, reason_code, details, message_id, origin, block_hash)
  SELECT stage, reason_code, details::jsonb, message_id, origin, block_hash
  FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[], $5::int8[], $6::bytea[])
    AS r(stage, reason_code, details, message_id, origin, block_hash)`

const bytes = (value: Uint8Array | null | undefined) =>
  value ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : null

/**
 * Appends rejections in one statement. (Verification rejections inside a
 * bundle are written by `insertBundle`; execution failures by `markMessagesFailed`.)
 *
 * @example
 * await recordRejections(db, [{ stage: 'dead-letter', reasonCode: 'BUS_DECODE_FAILED', details: { subject, seq } }])
 */
export async function recordRejections(db: StoreDb, rows: readonly RejectionInput[]): Promise<number> {
  if (rows.length === 0) return 0
  const result = await db.$client.query(SQL, [
    rows.map((r) => r.stage),
    rows.map((r) => r.reasonCode),
    rows.map((r) => (r.details === undefined ? null : JSON.stringify(r.details))),
    rows.map((r) => bytes(r.messageId)),
    rows.map((r) => r.origin ?? null),
    rows.map((r) => bytes(r.blockHash)),
  ])
  return result.rowCount ?? 0
}
