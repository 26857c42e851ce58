import { bigint, index, integer, pgEnum, pgTable, primaryKey, timestamp } from 'drizzle-orm/pg-core'
import { bytea, domain } from './columns.js'

export const SOURCE_BLOCK_STATES = ['received', 'verified', 'rejected', 'orphaned'] as const
export type SourceBlockState = (typeof SOURCE_BLOCK_STATES)[number]
export const sourceBlockState = pgEnum('source_block_state', SOURCE_BLOCK_STATES)

/** One finalized source block (a watcher bundle). Keyed by hash: a reorg gives a second row at the same number. */
export const sourceBlocks = pgTable(
  'source_blocks',
  {
    origin: domain('origin').notNull(),
    number: bigint('number', { mode: 'bigint' }).notNull(),
    hash: bytea('hash').notNull(),
    parentHash: bytea('parent_hash').notNull(),
    state: sourceBlockState('state').notNull(),
    messageCount: integer('message_count').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.origin, t.hash] }), index('source_blocks_number_idx').on(t.origin, t.number)],
)
