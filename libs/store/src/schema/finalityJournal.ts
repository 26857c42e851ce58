import { integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'
import { bytea, domain, timestamps } from './columns.js'

/**
 * The changes a light client made after its last snapshot in `finality_states`: one row per version, opaque bytes
 * the client's own codec writes (for Parlia, the header runs it applied). The primary key is the compare-and-set:
 * two replicas appending the same version cannot both succeed. A snapshot deletes the rows it covers.
 */
export const finalityJournal = pgTable(
  'finality_journal',
  {
    chain: domain('chain').notNull(),
    client: text('client').notNull(),
    version: integer('version').notNull(),
    data: bytea('data').notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.chain, t.client, t.version] })],
)
