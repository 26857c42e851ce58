import { and, asc, eq, inArray } from 'drizzle-orm'
import type { StoreDb } from './createDb.js'
import { outgoingTxs } from './schema/outgoingTxs.js'
import type { OutgoingTx } from './insertOutgoingTx.js'

export type ListReplacedOutgoingTxsParameters = {
  chain: number
  fromAddress: Uint8Array
  /** The nonces of the pending txs whose earlier versions are wanted. */
  nonces: readonly bigint[]
}

/**
 * The `replaced` versions (earlier fee levels) of txs at `nonces`, by nonce
 * and id: any of them may still be the one a block includes, so a settler
 * resuming a pending tx looks for receipts of all of them.
 *
 * @example
 * const earlier = await listReplacedOutgoingTxs(db, { chain: 56, fromAddress, nonces: pending.map((tx) => tx.nonce) })
 */
export async function listReplacedOutgoingTxs(
  db: StoreDb,
  parameters: ListReplacedOutgoingTxsParameters,
): Promise<OutgoingTx[]> {
  if (parameters.nonces.length === 0) return []
  return db
    .select()
    .from(outgoingTxs)
    .where(
      and(
        eq(outgoingTxs.chain, parameters.chain),
        eq(outgoingTxs.fromAddress, parameters.fromAddress),
        inArray(outgoingTxs.nonce, [...parameters.nonces]),
        eq(outgoingTxs.state, 'replaced'),
      ),
    )
    .orderBy(asc(outgoingTxs.nonce), asc(outgoingTxs.id))
}
