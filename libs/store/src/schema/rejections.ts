import { bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import { bytea, domain } from './columns.js'

/**
 * Every rejection or failure, append-only: verification rejections, execution
 * failures, and dead-lettered NATS messages. `messageId` is null when there is
 * no id (a malformed log, an undecodable NATS message).
 */
export const rejections = pgTable(
  'rejections',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    /** Pipeline stage: `watch`, `verify`, `batch`, `cosign`, `settle`, `execute`, `dead-letter`. */
    stage: text('stage').notNull(),
    reasonCode: text('reason_code').notNull(),
    details: jsonb('details'),
    messageId: bytea('message_id'),
    origin: domain('origin'),
    blockHash: bytea('block_hash'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('rejections_message_idx').on(t.messageId), index('rejections_created_idx').on(t.createdAt)],
)
