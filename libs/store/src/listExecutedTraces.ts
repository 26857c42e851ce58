import type { StoreDb } from './createDb.js'
import type { MessageTraceRecord } from './MessageTraceRecord.js'

export type ListExecutedTracesParameters = { ids: readonly Uint8Array[] }

/**
 * A message's trace, its carrying batch (null when it is in none) and whether an execute attempt of it failed before.
 */
export type ExecutedTraceRecord = MessageTraceRecord & { batchIndex: bigint | null; recovered: boolean }

// The carrying batch of each executed message, from this relayer's own record (the event no longer says), and
// whether this relayer recorded a failed attempt of it before (the failures stay in rejections; an index probe each).
const SQL = `SELECT m.id, m.traceparent, m.batch_index,
  EXISTS (SELECT 1 FROM rejections r WHERE r.message_id = m.id AND r.stage = 'execute') AS recovered
FROM messages m WHERE m.id = ANY($1::bytea[])`

/**
 * For spans of executed messages: each one's trace, its batch, and whether it executed after a failed attempt.
 *
 * @example
 * const traces = await listExecutedTraces(db, { ids: moved })
 */
export async function listExecutedTraces(
  db: StoreDb,
  parameters: ListExecutedTracesParameters,
): Promise<ExecutedTraceRecord[]> {
  const result = await db.$client.query<{
    id: Buffer
    traceparent: string | null
    batch_index: string | null
    recovered: boolean
  }>(SQL, [parameters.ids.map((id) => Buffer.from(id))])
  return result.rows.map((r) => ({
    id: r.id,
    traceparent: r.traceparent,
    batchIndex: r.batch_index === null ? null : BigInt(r.batch_index),
    recovered: r.recovered,
  }))
}
