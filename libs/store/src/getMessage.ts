import { asc, eq } from 'drizzle-orm'
import type { StoreDb } from './createDb.js'
import { messages } from './schema/messages.js'
import { rejections } from './schema/rejections.js'

type MessageRow = typeof messages.$inferSelect

/** A message with its hop timestamps grouped, and every rejection or failure recorded for it. */
export type MessageRecord = Omit<MessageRow, 'observedAt' | 'verifiedAt' | 'batchedAt' | 'settledAt' | 'executedAt'> & {
  hops: {
    observedAt: Date | null
    verifiedAt: Date | null
    batchedAt: Date | null
    settledAt: Date | null
    executedAt: Date | null
  }
  rejections: { stage: string; reasonCode: string; details: unknown; createdAt: Date }[]
}

/** Groups a row's hop timestamps and attaches its rejections. */
export async function toMessageRecord(db: StoreDb, row: MessageRow): Promise<MessageRecord> {
  const { observedAt, verifiedAt, batchedAt, settledAt, executedAt, ...rest } = row
  const history = await db
    .select({
      stage: rejections.stage,
      reasonCode: rejections.reasonCode,
      details: rejections.details,
      createdAt: rejections.createdAt,
    })
    .from(rejections)
    .where(eq(rejections.messageId, row.id))
    .orderBy(asc(rejections.id))
  return { ...rest, hops: { observedAt, verifiedAt, batchedAt, settledAt, executedAt }, rejections: history }
}

/**
 * One message by id with its hops, or null.
 *
 * @example
 * const message = await getMessage(db, { id })
 * message?.hops.settledAt
 */
export async function getMessage(db: StoreDb, parameters: { id: Uint8Array }): Promise<MessageRecord | null> {
  const [row] = await db.select().from(messages).where(eq(messages.id, parameters.id))
  return row ? toMessageRecord(db, row) : null
}
