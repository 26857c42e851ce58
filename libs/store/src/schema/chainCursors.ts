import { bigint, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'
import { bytea, domain } from './columns.js'

/** How far a named reader (watcher, settler, ...) has processed a chain. */
export const chainCursors = pgTable(
  'chain_cursors',
  {
    chain: domain('chain').notNull(),
    name: text('name').notNull(),
    blockNumber: bigint('block_number', { mode: 'bigint' }).notNull(),
    blockHash: bytea('block_hash'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.chain, t.name] })],
)
