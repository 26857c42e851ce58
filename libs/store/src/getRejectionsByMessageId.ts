import { asc, eq } from 'drizzle-orm'
import type { StoreDb } from './createDb.js'
import { rejections } from './schema/rejections.js'

export type RejectionRecord = { stage: string; reasonCode: string; details: unknown; createdAt: Date }

/**
 * Every rejection recorded against a message id, oldest first. A claim whose
 * content was never proven (a forged proof, a log from another contract) is
 * never stored as a message: this is where it stays visible.
 *
 * @example
 * const history = await getRejectionsByMessageId(db, { id })
 */
export async function getRejectionsByMessageId(
  db: StoreDb,
  parameters: { id: Uint8Array },
): Promise<RejectionRecord[]> {
  return db
    .select({
      stage: rejections.stage,
      reasonCode: rejections.reasonCode,
      details: rejections.details,
      createdAt: rejections.createdAt,
    })
    .from(rejections)
    .where(eq(rejections.messageId, Buffer.from(parameters.id)))
    .orderBy(asc(rejections.id))
}
