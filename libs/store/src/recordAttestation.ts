import { and, between, eq, sql } from 'drizzle-orm'
import type { StoreDb } from './createDb.js'
import { attestations } from './schema/attestations.js'

export type AttestationRecord = typeof attestations.$inferSelect

export type RecordAttestationParameters = {
  domain: number
  slot: number
  signer: string
  commitment: Uint8Array
  signature: Uint8Array
}

/**
 * Records a signed slot commitment unless one is already recorded for that
 * domain, slot and signer, and returns the row that stands (the new one, or
 * the earlier one untouched). The caller serves a signature only when the
 * returned commitment is the one it signed: the first write wins forever.
 *
 * @example
 * const stored = await recordAttestation(db, { domain, slot, signer, commitment: bytes, signature })
 * if (!Buffer.from(stored.commitment).equals(bytes)) throw equivocationRefused(slot)
 */
export async function recordAttestation(db: StoreDb, p: RecordAttestationParameters): Promise<AttestationRecord> {
  await db.insert(attestations).values(p).onConflictDoNothing()
  const [row] = await db
    .select()
    .from(attestations)
    .where(and(eq(attestations.domain, p.domain), eq(attestations.slot, p.slot), eq(attestations.signer, p.signer)))
  if (!row) throw new Error(`attestation ${p.domain}/${p.slot} vanished after its insert`)
  return row
}

/** The recorded attestation of a slot by a signer, or null. */
export async function getAttestation(
  db: StoreDb,
  p: { domain: number; slot: number; signer: string },
): Promise<AttestationRecord | null> {
  const [row] = await db
    .select()
    .from(attestations)
    .where(and(eq(attestations.domain, p.domain), eq(attestations.slot, p.slot), eq(attestations.signer, p.signer)))
  return row ?? null
}

/**
 * A signer's recorded attestation nearest to `slot` among slots `from..to` (inclusive), or null: an
 * attester restarting reads its running message count from it (its own signed bytes) instead of the
 * chain's whole epoch.
 *
 * @example
 * const near = await nearestAttestation(db, { domain, signer, slot: 1_000, from: 864_000, to: 1_295_999 })
 */
export async function nearestAttestation(
  db: StoreDb,
  p: { domain: number; signer: string; slot: number; from: number; to: number },
): Promise<AttestationRecord | null> {
  const [row] = await db
    .select()
    .from(attestations)
    .where(
      and(
        eq(attestations.domain, p.domain),
        eq(attestations.signer, p.signer),
        between(attestations.slot, p.from, p.to),
      ),
    )
    .orderBy(sql`abs(${attestations.slot} - ${p.slot})`, attestations.slot)
    .limit(1)
  return row ?? null
}
