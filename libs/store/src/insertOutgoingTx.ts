import { and, eq, inArray, sql } from 'drizzle-orm'
import type { StoreDb } from './createDb.js'
import { allowedOutgoingTxFromStates } from './outgoingTxStates.js'
import { outgoingTxs } from './schema/outgoingTxs.js'
import { StoreError } from './StoreError.js'

export type OutgoingTx = typeof outgoingTxs.$inferSelect

export type InsertOutgoingTxParameters = {
  chain: number
  fromAddress: Uint8Array
  nonce: bigint
  kind: OutgoingTx['kind']
  batchIndex: bigint
  leafFrom?: number | null | undefined
  leafTo?: number | null | undefined
  txHash: Uint8Array
  /** The signed, serialized transaction: what a restarted settler rebroadcasts. */
  rawTx: Uint8Array
  maxFeePerGas?: bigint | null | undefined
  maxPriorityFeePerGas?: bigint | null | undefined
  /** A gas bump: the row this tx replaces (same chain, sender and nonce) becomes `replaced` in the same transaction. */
  replaces?: bigint | undefined
}

/**
 * Persists a signed tx in state `signed` BEFORE it is broadcast, so a restart
 * rebroadcasts the same bytes instead of signing a second tx (never submit twice).
 *
 * @example
 * const signed = await wallet.signTransaction(request)
 * const id = await insertOutgoingTx(db, {
 *   chain,
 *   fromAddress,
 *   nonce,
 *   kind: 'submitBatch',
 *   batchIndex,
 *   txHash: keccak256(signed),
 *   rawTx: signed,
 * })
 * await client.sendRawTransaction({ serializedTransaction: signed })
 * await updateOutgoingTx(db, { id, to: 'sent' })
 */
export async function insertOutgoingTx(db: StoreDb, parameters: InsertOutgoingTxParameters): Promise<bigint> {
  const { replaces, ...row } = parameters
  return db.transaction(async (tx) => {
    if (replaces !== undefined) {
      const replaced = await tx
        .update(outgoingTxs)
        .set({ state: 'replaced', updatedAt: sql`now()` })
        .where(
          and(
            eq(outgoingTxs.id, replaces),
            eq(outgoingTxs.chain, row.chain),
            eq(outgoingTxs.fromAddress, row.fromAddress),
            eq(outgoingTxs.nonce, row.nonce),
            inArray(outgoingTxs.state, allowedOutgoingTxFromStates('replaced')),
          ),
        )
        .returning({ id: outgoingTxs.id })
      if (replaced.length !== 1)
        throw new StoreError('ILLEGAL_TRANSITION', 'the replaced tx is not pending with the same sender and nonce', {
          meta: { replaces },
        })
    }
    const [inserted] = await tx
      .insert(outgoingTxs)
      .values({ ...row, state: 'signed' })
      .returning({ id: outgoingTxs.id })
    if (!inserted) throw new StoreError('NOT_FOUND', 'insert returned no row')
    return inserted.id
  })
}
