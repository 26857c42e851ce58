import { bigint, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'
import { bytea, domain, timestamps } from './columns.js'

/**
 * A source chain's light-client state as the verifier proved it (one row per
 * chain and client kind, e.g. `ethereum-sync-committee`, `parlia`): opaque
 * bytes the client's own codec writes, the highest execution block it has
 * proven final (for the API and operators), and a version for
 * compare-and-set updates, so two verifier replicas never overwrite a newer
 * state with an older one.
 */
export const finalityStates = pgTable(
  'finality_states',
  {
    chain: domain('chain').notNull(),
    client: text('client').notNull(),
    version: integer('version').notNull(),
    /**
     * The version `data` holds. Versions above it, up to `version`, are deltas in `finality_journal`, applied in
     * order on load: a client whose state is large (the Parlia store keeps thousands of headers) writes what
     * changed per update and a whole snapshot only now and then.
     */
    snapshotVersion: integer('snapshot_version').notNull().default(0),
    finalizedBlock: bigint('finalized_block', { mode: 'bigint' }),
    data: bytea('data').notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.chain, t.client] })],
)
