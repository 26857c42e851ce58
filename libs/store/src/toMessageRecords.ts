import { asc, inArray } from 'drizzle-orm'
import type { StoreDb } from './createDb.js'
import type { MessageRecord } from './getMessage.js'
import type { messages } from './schema/messages.js'
import { rejections } from './schema/rejections.js'

type MessageRow = typeof messages.$inferSelect

const key = (id: Uint8Array) => Buffer.from(id.buffer, id.byteOffset, id.byteLength).toString('hex')

/**
 * `toMessageRecord` for a page of rows: the rejections of all of them in ONE
 * query (by `rejections_message_idx`), not one per row.
 */
export async function toMessageRecords(db: StoreDb, rows: readonly MessageRow[]): Promise<MessageRecord[]> {
  if (rows.length === 0) return []
  const history = await db
    .select({
      messageId: rejections.messageId,
      stage: rejections.stage,
      reasonCode: rejections.reasonCode,
      details: rejections.details,
      createdAt: rejections.createdAt,
    })
    .from(rejections)
    .where(
      inArray(
        rejections.messageId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(rejections.id))
  const byId = new Map<string, MessageRecord['rejections']>()
  for (const { messageId, ...rejection } of history) {
    if (!messageId) continue
    const list = byId.get(key(messageId)) ?? []
    list.push(rejection)
    byId.set(key(messageId), list)
  }
  return rows.map(({ observedAt, verifiedAt, batchedAt, settledAt, executedAt, ...rest }) => ({
    ...rest,
    hops: { observedAt, verifiedAt, batchedAt, settledAt, executedAt },
    rejections: byId.get(key(rest.id)) ?? [],
  }))
}
