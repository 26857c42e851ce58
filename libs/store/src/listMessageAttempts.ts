import type { StoreDb } from './createDb.js'
import type { MessageTraceRecord } from './MessageTraceRecord.js'

export type ListMessageAttemptsParameters = { ids: readonly Uint8Array[] }

/** A message's trace and how many execute attempts of it failed (`markMessagesFailed` counts them). */
export type MessageAttemptsRecord = MessageTraceRecord & { attempts: number }

const SQL = 'SELECT id, traceparent, attempts FROM messages WHERE id = ANY($1::bytea[])'

/**
 * Each message's trace and failed attempt count: whether the settler will try it again.
 *
 * @example
 * const rows = await listMessageAttempts(db, { ids: moved })
 */
export async function listMessageAttempts(
  db: StoreDb,
  parameters: ListMessageAttemptsParameters,
): Promise<MessageAttemptsRecord[]> {
  const result = await db.$client.query<MessageAttemptsRecord & { id: Buffer }>(SQL, [
    parameters.ids.map((id) => Buffer.from(id)),
  ])
  return result.rows
}
