import { and, asc, eq } from 'drizzle-orm'
import type { StoreDb } from './createDb.js'
import { batches } from './schema/batches.js'
import { batchSignatures } from './schema/batchSignatures.js'

export type BatchRecord = typeof batches.$inferSelect & {
  /** Ordered by ascending signer address, as `submitBatch` wants them (PROTOCOL.md). */
  signatures: { signer: Uint8Array; signature: Uint8Array }[]
}

export type GetBatchParameters = { destination: number; batchIndex: bigint }

/**
 * One batch with its signatures, or null.
 *
 * @example
 * const batch = await getBatch(db, { destination: 56, batchIndex: 7n })
 */
export async function getBatch(db: StoreDb, parameters: GetBatchParameters): Promise<BatchRecord | null> {
  const { destination, batchIndex } = parameters
  const [batch] = await db
    .select()
    .from(batches)
    .where(and(eq(batches.destination, destination), eq(batches.batchIndex, batchIndex)))
  if (!batch) return null
  const signatures = await db
    .select({ signer: batchSignatures.signer, signature: batchSignatures.signature })
    .from(batchSignatures)
    .where(and(eq(batchSignatures.destination, destination), eq(batchSignatures.batchIndex, batchIndex)))
    .orderBy(asc(batchSignatures.signer))
  return { ...batch, signatures }
}
