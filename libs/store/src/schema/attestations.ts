import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'
import { bytea, domain, timestamps } from './columns.js'

/**
 * What a Solana committee attester (`relaymesh attester`) signed: one row per
 * source domain, slot and signer, written BEFORE the signature is served, and
 * never replaced. A restart (or a second replica) that computes a different
 * commitment for a slot finds this row and refuses to sign it: the attester
 * cannot equivocate by construction.
 */
export const attestations = pgTable(
  'attestations',
  {
    domain: domain('domain').notNull(),
    slot: bigint('slot', { mode: 'number' }).notNull(),
    /** The signer's ed25519 public key (base58). */
    signer: text('signer').notNull(),
    /** `encodeSlotCommitment` bytes: exactly what was signed. */
    commitment: bytea('commitment').notNull(),
    signature: bytea('signature').notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.domain, t.slot, t.signer] })],
)
