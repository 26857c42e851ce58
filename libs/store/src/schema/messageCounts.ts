import { bigint, pgTable, primaryKey } from 'drizzle-orm/pg-core'
import { domain } from './columns.js'
import { messageState } from './messages.js'

/**
 * Messages per route and state, so progress and backlog are read from a few rows instead of a scan of `messages`
 * (whose cost grew with history: a soak at 300 msgs/s adds a million rows an hour). Written only by
 * `readMessageCounts`, which folds `message_count_deltas` into it.
 */
export const messageCounts = pgTable(
  'message_counts',
  {
    origin: domain('origin').notNull(),
    destination: domain('destination').notNull(),
    state: messageState('state').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.origin, t.destination, t.state] })],
)

/**
 * Count changes appended by statement-level triggers on `messages` (migration 0008): one row per route and state a
 * statement changed, never an update, so writers never wait on each other for a counter row.
 */
export const messageCountDeltas = pgTable('message_count_deltas', {
  origin: domain('origin').notNull(),
  destination: domain('destination').notNull(),
  state: messageState('state').notNull(),
  n: bigint('n', { mode: 'number' }).notNull(),
})
