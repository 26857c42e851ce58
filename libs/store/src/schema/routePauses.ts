import { pgTable, primaryKey, timestamp } from 'drizzle-orm/pg-core'
import { domain } from './columns.js'

/**
 * Routes an operator paused: the batcher does not seal their verified
 * messages into batches (they wait in the queue) until the row is deleted.
 * Local to this relayer's database, like the rest of its state.
 */
export const routePauses = pgTable(
  'route_pauses',
  {
    origin: domain('origin').notNull(),
    destination: domain('destination').notNull(),
    pausedAt: timestamp('paused_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.destination, t.origin] })],
)
