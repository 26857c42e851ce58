import { and, asc, eq, inArray } from 'drizzle-orm'
import type { StoreDb } from './createDb.js'
import { outgoingTxs } from './schema/outgoingTxs.js'
import type { OutgoingTx } from './insertOutgoingTx.js'

export type ListPendingOutgoingTxsParameters = {
  chain: number
  fromAddress?: Uint8Array | undefined
}

/**
 * Txs signed or sent but not yet final, by sender and nonce: what a settler
 * rebroadcasts (from `rawTx`) or watches after a restart.
 *
 * @example
 * for (const tx of await listPendingOutgoingTxs(db, { chain: 56, fromAddress })) await rebroadcast(tx.rawTx)
 */
export function listPendingOutgoingTxs(
  db: StoreDb,
  parameters: ListPendingOutgoingTxsParameters,
): Promise<OutgoingTx[]> {
  return db
    .select()
    .from(outgoingTxs)
    .where(
      and(
        eq(outgoingTxs.chain, parameters.chain),
        parameters.fromAddress ? eq(outgoingTxs.fromAddress, parameters.fromAddress) : undefined,
        inArray(outgoingTxs.state, ['signed', 'sent']),
      ),
    )
    .orderBy(asc(outgoingTxs.fromAddress), asc(outgoingTxs.nonce), asc(outgoingTxs.id))
}
