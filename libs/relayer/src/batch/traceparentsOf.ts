import { listMessageTraceparents, type StoreDb } from '@relaymesh/store'
import type { MessageTrace } from './MessageTrace.js'
import { toMessageTrace } from './toMessageTrace.js'

/**
 * Each message's stored `traceparent`, for spans in the message's own trace.
 *
 * @example
 * const messages = await traceparentsOf(ctx.db, ids)
 */
export async function traceparentsOf(db: StoreDb, ids: readonly Uint8Array[]): Promise<MessageTrace[]> {
  return (await listMessageTraceparents(db, { ids })).map(toMessageTrace)
}
