import { bigint, index, integer, pgEnum, pgTable, text } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { bytea, domain, hopAt, timestamps } from './columns.js'
import { MESSAGE_STATES, VERIFICATIONS } from '../messageStates.js'

export const messageState = pgEnum('message_state', MESSAGE_STATES)
export const verification = pgEnum('verification', VERIFICATIONS)

/**
 * One cross-chain message, keyed by its id (keccak256 of the packed encoding,
 * PROTOCOL.md "Message"). No foreign keys: the hot path inserts 100k rows/s and
 * a per-row FK check would be paid on every insert; bundles and batches are
 * written in the same transaction as their messages instead.
 */
export const messages = pgTable(
  'messages',
  {
    id: bytea('id').primaryKey(),
    origin: domain('origin').notNull(),
    destination: domain('destination').notNull(),
    /** uint64 in the protocol; int8 holds it until 2^63 messages per outbox. */
    nonce: bigint('nonce', { mode: 'bigint' }).notNull(),
    sender: bytea('sender').notNull(),
    recipient: bytea('recipient').notNull(),
    /** uint32 in the protocol (PROTOCOL.md "Execution gas"): the gas the inbox calls the recipient with. */
    gasLimit: bigint('gas_limit', { mode: 'number' }).notNull(),
    payload: bytea('payload').notNull(),
    sourceBlockNumber: bigint('source_block_number', { mode: 'bigint' }).notNull(),
    sourceBlockHash: bytea('source_block_hash').notNull(),
    sourceTxHash: bytea('source_tx_hash').notNull(),
    logIndex: integer('log_index').notNull(),
    state: messageState('state').notNull(),
    verification: verification('verification').notNull(),
    reasonCode: text('reason_code'),
    batchDestination: domain('batch_destination'),
    batchIndex: bigint('batch_index', { mode: 'bigint' }),
    leafIndex: integer('leaf_index'),
    executionTxHash: bytea('execution_tx_hash'),
    attempts: integer('attempts').notNull().default(0),
    traceparent: text('traceparent'),
    observedAt: hopAt('observed_at'),
    verifiedAt: hopAt('verified_at'),
    batchedAt: hopAt('batched_at'),
    settledAt: hopAt('settled_at'),
    executedAt: hopAt('executed_at'),
    ...timestamps,
  },
  (t) => [
    // The batcher's queue: verified, unbatched messages per destination, oldest first.
    index('messages_unbatched_idx')
      .on(t.destination, t.verifiedAt, t.id)
      .where(sql`state = 'verified'`),
    // Only messages in a batch: a verified message is not entered here at insert (every reader filters on
    // `batch_destination = $1`, which implies the predicate).
    index('messages_batch_idx')
      .on(t.batchDestination, t.batchIndex, t.leafIndex)
      .where(sql`batch_destination IS NOT NULL`),
    // The settler's queue: settled or failed messages per destination in batch order. Without it, finding the
    // next executable message walks every executed one of the destination, a cost that grows with history.
    index('messages_executable_idx')
      .on(t.batchDestination, t.batchIndex, t.leafIndex)
      .where(sql`state IN ('settled', 'failed')`),
    // The lookups by sender, route, creation time and source tx are indexed on `message_keys`, written once: an index
    // here gets a new entry at every hop, as a hop rewrites indexed columns (never a HOT update).
  ],
)
