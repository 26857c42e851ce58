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
    /**
     * A reader's running count at the cursor, when it keeps one: the Solana watcher's accepted outbox
     * messages of the epoch of `blockNumber + 1` before that slot (MEMO_FORMAT.md "Nonces"). Null when
     * unknown (any writer that does not set it clears it), and the reader reads it from the chain.
     */
    runningCount: bigint('running_count', { mode: 'bigint' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.chain, t.name] })],
)
