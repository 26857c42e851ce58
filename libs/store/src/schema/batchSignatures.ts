import { bigint, pgTable, primaryKey, timestamp } from 'drizzle-orm/pg-core'
import { bytea, domain } from './columns.js'

/** One co-signer's 65-byte EIP-712 signature over a batch header. */
export const batchSignatures = pgTable(
  'batch_signatures',
  {
    destination: domain('destination').notNull(),
    batchIndex: bigint('batch_index', { mode: 'bigint' }).notNull(),
    signer: bytea('signer').notNull(),
    signature: bytea('signature').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.destination, t.batchIndex, t.signer] })],
)
