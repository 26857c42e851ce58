import { bigint, integer, pgEnum, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'
import { bytea, domain, hopAt, timestamps } from './columns.js'
import { BATCH_STATES } from '../batchStates.js'

export const batchState = pgEnum('batch_state', BATCH_STATES)

/** A batch per destination; batches form a hash chain through `previousBatchHash` (PROTOCOL.md). */
export const batches = pgTable(
  'batches',
  {
    destination: domain('destination').notNull(),
    batchIndex: bigint('batch_index', { mode: 'bigint' }).notNull(),
    batchHash: bytea('batch_hash').notNull(),
    root: bytea('root').notNull(),
    messageCount: integer('message_count').notNull(),
    previousBatchHash: bytea('previous_batch_hash').notNull(),
    proposer: bytea('proposer').notNull(),
    state: batchState('state').notNull(),
    submitTxHash: bytea('submit_tx_hash'),
    traceparent: text('traceparent'),
    signedAt: hopAt('signed_at'),
    submittedAt: hopAt('submitted_at'),
    settledAt: hopAt('settled_at'),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.destination, t.batchIndex] })],
)
