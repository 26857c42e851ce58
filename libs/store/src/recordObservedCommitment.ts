import { and, eq, sql } from 'drizzle-orm'
import type { StoreDb } from './createDb.js'
import { observedCommitments } from './schema/observedCommitments.js'

export type ObservedCommitmentRecord = typeof observedCommitments.$inferSelect

export type RecordObservedCommitmentParameters = {
  domain: number
  slot: number
  signer: string
  commitment: Uint8Array
  signature: Uint8Array
  observedBy: string
}

/** A member's two different signed commitments for one slot, as stored (the first two seen). */
export type StoredEquivocation = {
  domain: number
  slot: number
  signer: string
  first: ObservedCommitmentRecord
  second: ObservedCommitmentRecord
}

/**
 * Keeps a member's signed slot commitment as evidence (the caller has verified the signature) unless the same
 * bytes are already kept, and returns whether it was new and, when the member has now signed two different
 * commitments for that slot, the stored pair: an equivocation proof.
 *
 * @example
 * const { inserted, equivocation } = await recordObservedCommitment(db, {
 *   domain,
 *   slot,
 *   signer,
 *   commitment,
 *   signature,
 *   observedBy: 'r1',
 * })
 */
export async function recordObservedCommitment(
  db: StoreDb,
  p: RecordObservedCommitmentParameters,
): Promise<{ inserted: boolean; equivocation: StoredEquivocation | null }> {
  const inserted = await db
    .insert(observedCommitments)
    .values(p)
    .onConflictDoNothing()
    .returning({ slot: observedCommitments.slot })
  const rows = await db
    .select()
    .from(observedCommitments)
    .where(
      and(
        eq(observedCommitments.domain, p.domain),
        eq(observedCommitments.slot, p.slot),
        eq(observedCommitments.signer, p.signer),
      ),
    )
    .orderBy(observedCommitments.createdAt, observedCommitments.commitment)
    .limit(2)
  const [first, second] = rows
  return {
    inserted: inserted.length > 0,
    equivocation: first && second ? { domain: p.domain, slot: p.slot, signer: p.signer, first, second } : null,
  }
}

/**
 * Every member that signed two different commitments for one slot, newest slot first: the first two signed
 * commitments kept for each (domain, slot, signer).
 *
 * @example
 * const proofs = await listEquivocations(db, { limit: 100 })
 */
export async function listEquivocations(db: StoreDb, p: { limit: number }): Promise<StoredEquivocation[]> {
  const pairs = await db.execute<{ domain: string; slot: string; signer: string }>(sql`
    SELECT domain, slot, signer FROM ${observedCommitments}
    GROUP BY domain, slot, signer HAVING count(*) > 1
    ORDER BY slot DESC, domain, signer LIMIT ${p.limit}`)
  const out: StoredEquivocation[] = []
  for (const row of pairs.rows) {
    const key = { domain: Number(row.domain), slot: Number(row.slot), signer: row.signer }
    const [first, second] = await db
      .select()
      .from(observedCommitments)
      .where(
        and(
          eq(observedCommitments.domain, key.domain),
          eq(observedCommitments.slot, key.slot),
          eq(observedCommitments.signer, key.signer),
        ),
      )
      .orderBy(observedCommitments.createdAt, observedCommitments.commitment)
      .limit(2)
    if (first && second) out.push({ ...key, first, second })
  }
  return out
}

/**
 * How many (domain, slot, signer) have two different signed commitments kept: the equivocations this relayer can prove.
 */
export async function countEquivocations(db: StoreDb): Promise<number> {
  const result = await db.execute<{ n: string }>(sql`
    SELECT count(*) AS n FROM (
      SELECT 1 FROM ${observedCommitments} GROUP BY domain, slot, signer HAVING count(*) > 1
    ) proven`)
  return Number(result.rows[0]?.n ?? 0)
}
