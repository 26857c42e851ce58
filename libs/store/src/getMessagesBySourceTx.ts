import { asc, eq } from 'drizzle-orm'
import type { StoreDb } from './createDb.js'
import { messages } from './schema/messages.js'
import { toMessageRecord, type MessageRecord } from './getMessage.js'

/**
 * Every message a source transaction sent, in log order, with their hops.
 *
 * @example
 * const sent = await getMessagesBySourceTx(db, { sourceTxHash: receipt.transactionHash })
 */
export async function getMessagesBySourceTx(
  db: StoreDb,
  parameters: { sourceTxHash: Uint8Array },
): Promise<MessageRecord[]> {
  const rows = await db
    .select()
    .from(messages)
    .where(eq(messages.sourceTxHash, parameters.sourceTxHash))
    .orderBy(asc(messages.logIndex))
  return Promise.all(rows.map((row) => toMessageRecord(db, row)))
}
