import { and, eq } from 'drizzle-orm'
import type { StoreDb } from './createDb.js'
import { attestations } from './schema/attestations.js'

export type AttestationRecord = typeof attestations.$inferSelect

export type RecordAttestationParameters = { domain: number; slot: number; signer: string; commitment: Uint8Array; signature: Uint8Array }

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
  const [row] = await db.select().from(attestations).where(and(eq(attestations.domain, p.domain), eq(attestations.slot, p.slot), eq(attestations.signer, p.signer)))
  if (!row) throw new Error(`attestation ${p.domain}/${p.slot} vanished after its insert`)
  return row
}

/** The recorded attestation of a slot by a signer, or null. */
export async function getAttestation(db: StoreDb, p: { domain: number; slot: number; signer: string }): Promise<AttestationRecord | null> {
  const [row] = await db.select().from(attestations).where(and(eq(attestations.domain, p.domain), eq(attestations.slot, p.slot), eq(attestations.signer, p.signer)))
  return row ?? null
}
