import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm'
import type { StoreDb } from './createDb.js'
import type { MessageRecord } from './getMessage.js'
import type { MessageState } from './messageStates.js'
import { messageKeys } from './schema/messageKeys.js'
import { messages } from './schema/messages.js'
import { toMessageRecords } from './toMessageRecords.js'

/** A position in the newest-first order: the last row of the previous page. */
export type MessageListPosition = {
  /** `created_at` in microseconds since the epoch (Postgres keeps microseconds; a JS `Date` would lose them). */
  createdAtUs: bigint
  id: Uint8Array
}

export type ListMessagesParameters = {
  /** The 32-byte `sender` (an EVM address is left-padded, PROTOCOL.md "Message"). */
  sender?: Uint8Array | undefined
  origin?: number | undefined
  destination?: number | undefined
  state?: MessageState | undefined
  /** Stored at or after (inclusive). */
  from?: Date | undefined
  /** Stored before (exclusive). */
  to?: Date | undefined
  /** Rows after this position (exclusive); omit for the first page. */
  after?: MessageListPosition | undefined
  limit: number
}

export type ListMessagesReturnType = {
  messages: MessageRecord[]
  /** Where the next page starts; null on the last page. */
  next: MessageListPosition | null
}

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

function filters(p: ListMessagesParameters): SQL[] {
  const where: (SQL | undefined)[] = [
    p.sender ? eq(messageKeys.sender, p.sender) : undefined,
    p.origin === undefined ? undefined : eq(messageKeys.origin, p.origin),
    p.destination === undefined ? undefined : eq(messageKeys.destination, p.destination),
    p.state ? eq(messages.state, p.state) : undefined,
    p.from ? gte(messageKeys.createdAt, p.from) : undefined,
    p.to ? lt(messageKeys.createdAt, p.to) : undefined,
    // A row comparison, so the index on (..., created_at, id) is walked from the position on.
    p.after
      ? sql`(${messageKeys.createdAt}, ${messageKeys.id}) < (
          timestamptz 'epoch' + ${p.after.createdAtUs.toString()}::int8 * interval '1 microsecond',
          ${asBuffer(p.after.id)}
        )`
      : undefined,
  ]
  return where.filter((w): w is SQL => w !== undefined)
}

/**
 * Messages newest first (`created_at`, then id, both descending), filtered,
 * one page at a time by keyset: the order is total, so pages neither skip nor
 * repeat rows while new messages arrive. Walks `message_keys_sender_created_idx`,
 * `message_keys_route_created_idx` or `message_keys_created_idx` and joins each
 * row to `messages` by id; the rejections of the whole page come in one more query.
 *
 * @example
 * const first = await listMessages(db, { sender, limit: 100 })
 * const second = first.next ? await listMessages(db, { sender, limit: 100, after: first.next }) : null
 */
export async function listMessages(db: StoreDb, parameters: ListMessagesParameters): Promise<ListMessagesReturnType> {
  const rows = await db
    .select({
      row: messages,
      createdAtUs: sql<string>`(extract(epoch from ${messageKeys.createdAt}) * 1000000)::int8::text`,
    })
    .from(messageKeys)
    .innerJoin(messages, eq(messages.id, messageKeys.id))
    .where(and(...filters(parameters)))
    .orderBy(desc(messageKeys.createdAt), desc(messageKeys.id))
    .limit(parameters.limit + 1)
  const page = rows.slice(0, parameters.limit)
  const last = page.at(-1)
  const next =
    rows.length > parameters.limit && last ? { createdAtUs: BigInt(last.createdAtUs), id: last.row.id } : null
  return {
    messages: await toMessageRecords(
      db,
      page.map((r) => r.row),
    ),
    next,
  }
}
