import { bigint, bigserial, index, integer, pgEnum, pgTable, uniqueIndex } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { bytea, domain, hopAt, timestamps } from './columns.js'
import { OUTGOING_TX_KINDS, OUTGOING_TX_STATES } from '../outgoingTxStates.js'

export const outgoingTxKind = pgEnum('outgoing_tx_kind', OUTGOING_TX_KINDS)
export const outgoingTxState = pgEnum('outgoing_tx_state', OUTGOING_TX_STATES)

/**
 * A signed destination transaction, stored BEFORE it is broadcast: a settler
 * that restarts rebroadcasts `rawTx` instead of signing a second transaction.
 * A gas bump is a new row with the same (chain, from, nonce); the old row
 * becomes `replaced`.
 */
export const outgoingTxs = pgTable(
  'outgoing_txs',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    chain: domain('chain').notNull(),
    fromAddress: bytea('from_address').notNull(),
    nonce: bigint('nonce', { mode: 'bigint' }).notNull(),
    kind: outgoingTxKind('kind').notNull(),
    batchIndex: bigint('batch_index', { mode: 'bigint' }).notNull(),
    /** Execute txs: leaves [leafFrom, leafTo) of the batch. Null for submitBatch. */
    leafFrom: integer('leaf_from'),
    leafTo: integer('leaf_to'),
    txHash: bytea('tx_hash').notNull(),
    rawTx: bytea('raw_tx').notNull(),
    maxFeePerGas: bigint('max_fee_per_gas', { mode: 'bigint' }),
    maxPriorityFeePerGas: bigint('max_priority_fee_per_gas', { mode: 'bigint' }),
    state: outgoingTxState('state').notNull(),
    sentAt: hopAt('sent_at'),
    minedAt: hopAt('mined_at'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('outgoing_txs_hash_idx').on(t.chain, t.txHash),
    index('outgoing_txs_nonce_idx').on(t.chain, t.fromAddress, t.nonce),
    index('outgoing_txs_pending_idx')
      .on(t.chain, t.fromAddress, t.nonce)
      .where(sql`state in ('signed', 'sent')`),
  ],
)
