import type { StoreDb } from './createDb.js'
import { batchSignatures } from './schema/batchSignatures.js'
import { StoreError } from './StoreError.js'

export type StoreBatchSignaturesParameters = {
  destination: number
  batchIndex: bigint
  signatures: readonly { signer: Uint8Array; signature: Uint8Array }[]
}

/**
 * Stores co-signers' signatures over a batch header; a signer already stored
 * for the batch is kept (first signature wins). Returns how many were new.
 * A handful of rows per batch, so drizzle's builder is fine here.
 *
 * @example
 * await storeBatchSignatures(db, { destination, batchIndex, signatures: [{ signer, signature }] })
 */
export async function storeBatchSignatures(db: StoreDb, parameters: StoreBatchSignaturesParameters): Promise<number> {
  const { destination, batchIndex, signatures } = parameters
  if (signatures.length === 0) return 0
  for (const s of signatures)
    if (s.signer.length !== 20 || s.signature.length !== 65)
      throw new StoreError('INVALID_INPUT', 'a batch signature is a 20-byte signer and a 65-byte signature', {
        meta: { signerLength: s.signer.length, signatureLength: s.signature.length },
      })
  const inserted = await db
    .insert(batchSignatures)
    .values(signatures.map((s) => ({ destination, batchIndex, signer: s.signer, signature: s.signature })))
    .onConflictDoNothing()
    .returning({ signer: batchSignatures.signer })
  return inserted.length
}
