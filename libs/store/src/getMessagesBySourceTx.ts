import { asc, eq } from 'drizzle-orm'
import type { StoreDb } from './createDb.js'
import { messageKeys } from './schema/messageKeys.js'
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
  // By `message_keys_source_tx_idx`, then each row of `messages` by its primary key.
  const rows = await db
    .select({ row: messages })
    .from(messageKeys)
    .innerJoin(messages, eq(messages.id, messageKeys.id))
    .where(eq(messageKeys.sourceTxHash, parameters.sourceTxHash))
    .orderBy(asc(messages.logIndex))
  return Promise.all(rows.map(({ row }) => toMessageRecord(db, row)))
}
