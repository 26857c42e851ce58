import { index, pgTable, timestamp } from 'drizzle-orm/pg-core'
import { bytea, domain } from './columns.js'

/**
 * The keys a message is looked up by that never change once it is stored (sender, route, source tx, creation time),
 * with the indexes the API's listings and lookups walk. They live here, not on `messages`, because a `messages` row
 * is rewritten at every hop (batched, settled, executed) and each rewrite is a new tuple that every index of
 * `messages` must point at again: with these indexes there, each hop paid seven index insertions per message; here
 * they are paid once, at insert. (`messages_source_block_idx` is gone: no query looked messages up by source block,
 * and messages are stored only once their block is final.) Insert-only, written by a statement-level trigger on
 * `messages` (migration 0009), so every writer of `messages` keeps it complete. No primary key: nothing looks a row up
 * by id (readers join `messages` on its own primary key), and a unique index would be one more insertion per message.
 */
export const messageKeys = pgTable(
  'message_keys',
  {
    id: bytea('id').notNull(),
    origin: domain('origin').notNull(),
    destination: domain('destination').notNull(),
    sender: bytea('sender').notNull(),
    sourceTxHash: bytea('source_tx_hash').notNull(),
    /** The `messages` row's `created_at`, the listings' order. */
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // The API's keyset listings (newest first): by sender, by route, and all.
    index('message_keys_sender_created_idx').on(t.sender, t.createdAt, t.id),
    index('message_keys_route_created_idx').on(t.origin, t.destination, t.createdAt, t.id),
    index('message_keys_created_idx').on(t.createdAt, t.id),
    index('message_keys_source_tx_idx').on(t.sourceTxHash),
  ],
)
