import { eq, and, inArray, sql } from 'drizzle-orm'
import type { StoreDb } from './createDb.js'
import { allowedOutgoingTxFromStates, assertOutgoingTxTransition, type OutgoingTxState } from './outgoingTxStates.js'
import { outgoingTxs } from './schema/outgoingTxs.js'
import { StoreError } from './StoreError.js'

export type UpdateOutgoingTxParameters = {
  id: bigint
  /** `replaced` here marks the latest version lost to an earlier one the chain included. */
  to: Exclude<OutgoingTxState, 'signed'>
}

/**
 * Moves an outgoing tx along its state machine (`sent`, `mined`, `failed`);
 * throws `ILLEGAL_TRANSITION` or `NOT_FOUND` when it cannot. Replacement goes
 * through `insertOutgoingTx({ replaces })`.
 *
 * @example
 * await updateOutgoingTx(db, { id, to: 'mined' })
 */
export async function updateOutgoingTx(db: StoreDb, parameters: UpdateOutgoingTxParameters): Promise<void> {
  const { id, to } = parameters
  const hop = to === 'sent' ? { sentAt: sql`now()` } : to === 'mined' ? { minedAt: sql`now()` } : {}
  const moved = await db
    .update(outgoingTxs)
    .set({ state: to, updatedAt: sql`now()`, ...hop })
    .where(and(eq(outgoingTxs.id, id), inArray(outgoingTxs.state, allowedOutgoingTxFromStates(to))))
    .returning({ id: outgoingTxs.id })
  if (moved.length === 1) return
  const [current] = await db.select({ state: outgoingTxs.state }).from(outgoingTxs).where(eq(outgoingTxs.id, id))
  if (!current) throw new StoreError('NOT_FOUND', 'no such outgoing tx', { meta: { id } })
  assertOutgoingTxTransition(current.state, to)
  throw new StoreError('ILLEGAL_TRANSITION', `outgoing tx moved concurrently to ${current.state}`, { meta: { id, to } })
}
