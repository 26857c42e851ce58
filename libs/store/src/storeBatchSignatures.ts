import type { StoreDb } from './createDb.js'
import { withTransaction } from './withTransaction.js'
import { lockDestinationBatches } from './batchLock.js'
import { batchSignatures } from './schema/batchSignatures.js'
import { StoreError } from './StoreError.js'

export type StoreBatchSignaturesParameters = {
  destination: number
  batchIndex: bigint
  signatures: readonly { signer: Uint8Array; signature: Uint8Array }[]
  /**
   * The batch hash the signatures were checked against: they are stored only while the batch at this index still
   * has it and is `proposed` or `signed`. A refused batch's index is reused by the next proposal, and the
   * signature rows are keyed by index, so a signature checked just before a refusal would otherwise count
   * towards the batch that replaced it.
   */
  batchHash?: Uint8Array | undefined
}

const GUARDED_SQL = `INSERT INTO batch_signatures (destination, batch_index, signer, signature)
  SELECT $1, $2, s.signer, s.signature FROM unnest($3::bytea[], $4::bytea[]) AS s(signer, signature)
  WHERE EXISTS (SELECT 1 FROM batches WHERE destination = $1 AND batch_index = $2 AND batch_hash = $5
    AND state IN ('proposed', 'signed'))
  ON CONFLICT DO NOTHING RETURNING signer`

/**
 * Stores co-signers' signatures over a batch header; a signer already stored
 * for the batch is kept (first signature wins). Returns how many were new.
 * With `batchHash`, under the destination's batch lock (so a concurrent
 * `refuseBatch` and `assignBatch` at this index come wholly before or after).
 * A handful of rows per batch, so drizzle's builder is fine here.
 *
 * @example
 * await storeBatchSignatures(db, { destination, batchIndex, batchHash, signatures: [{ signer, signature }] })
 */
export async function storeBatchSignatures(db: StoreDb, parameters: StoreBatchSignaturesParameters): Promise<number> {
  const { destination, batchIndex, signatures, batchHash } = parameters
  if (signatures.length === 0) return 0
  for (const s of signatures)
    if (s.signer.length !== 20 || s.signature.length !== 65)
      throw new StoreError('INVALID_INPUT', 'a batch signature is a 20-byte signer and a 65-byte signature', {
        meta: { signerLength: s.signer.length, signatureLength: s.signature.length },
      })
  if (batchHash) {
    return withTransaction(db.$client, async (client) => {
      await lockDestinationBatches(client, destination)
      const result = await client.query(GUARDED_SQL, [
        destination,
        batchIndex.toString(),
        signatures.map((s) => Buffer.from(s.signer)),
        signatures.map((s) => Buffer.from(s.signature)),
        Buffer.from(batchHash),
      ])
      return result.rowCount ?? 0
    })
  }
  const inserted = await db
    .insert(batchSignatures)
    .values(signatures.map((s) => ({ destination, batchIndex, signer: s.signer, signature: s.signature })))
    .onConflictDoNothing()
    .returning({ signer: batchSignatures.signer })
  return inserted.length
}
