import type { StoreDb } from './createDb.js'
import type { MessageTraceRecord } from './MessageTraceRecord.js'

export type ListMessageTraceparentsParameters = { ids: readonly Uint8Array[] }

const SQL = 'SELECT id, traceparent FROM messages WHERE id = ANY($1::bytea[])'

/**
 * Each known message's stored `traceparent`, for spans in the message's own trace (unknown ids are left out).
 *
 * @example
 * const traces = await listMessageTraceparents(db, { ids })
 */
export async function listMessageTraceparents(
  db: StoreDb,
  parameters: ListMessageTraceparentsParameters,
): Promise<MessageTraceRecord[]> {
  if (parameters.ids.length === 0) return []
  const result = await db.$client.query<{ id: Buffer; traceparent: string | null }>(SQL, [
    parameters.ids.map((id) => Buffer.from(id.buffer, id.byteOffset, id.byteLength)),
  ])
  return result.rows
}
