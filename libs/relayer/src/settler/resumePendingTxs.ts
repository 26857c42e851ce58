import { isRelaymeshError } from '@relaymesh/errors'
import { bytesToHex, hexToBytes } from '@relaymesh/protocol'
import { listPendingOutgoingTxs, listReplacedOutgoingTxs, type OutgoingTx } from '@relaymesh/store'
import { pendingTxFromRow } from './PendingTx.js'
import type { TxManagerContext } from './TxManagerContext.js'
import type { TxResult } from './TxRequest.js'
import { waitTxMined } from './waitTxMined.js'

/**
 * A persisted tx `resume` brought to an end: mined (`result`), or booked failed (`error`: reverted, or its nonce taken
 * or above a gap).
 */
export type ResumedTx = { tx: OutgoingTx; result?: TxResult | undefined; error?: unknown }

export type ResumeReturnType = {
  /** In nonce order. */
  done: ResumedTx[]
  /**
   * The first tx that could not be brought to an end (the node unreachable, say). It and every later nonce stay
   * persisted for the next `resume` (or `send`, which resumes first): a later tx is never waited on behind it.
   */
  stuck?: { tx: OutgoingTx; error: unknown } | undefined
}

/** Errors after which the tx is booked (failed) and needs nothing more: its work is decided again. */
const BOOKED = ['TX_REVERTED', 'TX_NONCE_CONFLICT', 'TX_NONCE_GAP'] as const
const isBooked = (error: unknown) => BOOKED.some((code) => isRelaymeshError(error, code))

/**
 * Brings every persisted `signed`/`sent` tx of the manager's sender to an end, lowest nonce first (see
 * `TxManager.resume`), stopping at the first one that cannot be.
 */
export async function resumePendingTxs(ctx: TxManagerContext): Promise<ResumeReturnType> {
  const { deps } = ctx
  const sender = { chain: deps.chain.chain.id, fromAddress: hexToBytes(deps.account.address) }
  const rows = await listPendingOutgoingTxs(deps.db, sender)
  const earlier = await listReplacedOutgoingTxs(deps.db, { ...sender, nonces: rows.map((tx) => tx.nonce) })
  const done: ResumedTx[] = []
  for (const tx of rows) {
    try {
      const pending = pendingTxFromRow(
        tx,
        earlier.filter((e) => e.nonce === tx.nonce && e.id < tx.id),
      )
      deps.logger.info(
        {
          chain: deps.chain.chain.id,
          nonce: tx.nonce.toString(),
          txHash: bytesToHex(tx.txHash),
          versions: pending.hashes.length,
          kind: tx.kind,
        },
        'resuming persisted tx',
      )
      // Look the tx up in the node at once: a restart is when it is most likely to have been lost.
      done.push({ tx, result: await waitTxMined(ctx, pending, Number.NEGATIVE_INFINITY) })
    } catch (error) {
      if (isRelaymeshError(error) && error.action === 'fatal') throw error
      if (isBooked(error)) {
        done.push({ tx, error })
        continue
      }
      // Later nonces cannot be mined before this one: waiting on them would hang, and a new nonce above them would
      // queue.
      return { done, stuck: { tx, error } }
    }
  }
  return { done }
}
