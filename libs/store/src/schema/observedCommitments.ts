import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'
import { bytea, domain, timestamps } from './columns.js'

/**
 * Solana slot commitments signed by a committee member that a relayer kept as evidence: each one that disagreed
 * with the relayer's own commitment for the slot, each one a peer relayer shared, and what the member answered
 * when asked again. Only rows whose signature verified under the member's key are written. Two rows with the
 * same domain, slot and signer are an equivocation proof (`verifyEquivocationProof`); rows are never replaced.
 */
export const observedCommitments = pgTable(
  'observed_commitments',
  {
    domain: domain('domain').notNull(),
    slot: bigint('slot', { mode: 'number' }).notNull(),
    /** The member's ed25519 public key (base58). */
    signer: text('signer').notNull(),
    /** `encodeSlotCommitment` bytes: exactly what the member signed. */
    commitment: bytea('commitment').notNull(),
    signature: bytea('signature').notNull(),
    /** The relayer that first saw this signed commitment (this one, or the peer that shared it). */
    observedBy: text('observed_by').notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.domain, t.slot, t.signer, t.commitment] })],
)
