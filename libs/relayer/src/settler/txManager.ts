import { isRelaymeshError } from '@relaymesh/errors'
import type { Hex } from 'viem'
import { hashRawTx } from './hashRawTx.js'
import { broadcastAndMarkSent } from './broadcastAndMarkSent.js'
import { createTxPersister } from './createTxPersister.js'
import { createTxSigner } from './createTxSigner.js'
import type { PendingTx } from './PendingTx.js'
import { resumePendingTxs, type ResumeReturnType } from './resumePendingTxs.js'
import { nextFees } from './nextFees.js'
import type { TxManagerDeps } from './TxManagerDeps.js'
import type { TxManagerOptions } from './TxManagerOptions.js'
import type { TxRequest, TxResult } from './TxRequest.js'
import { waitTxMined } from './waitTxMined.js'

export type TxManager = {
  /**
   * Signs, persists (BEFORE broadcast), broadcasts and waits for the receipt, bumping fees when slow and sending
   * the same bytes again if the node loses it. First resumes whatever is persisted and pending, so a new nonce is
   * never taken above one that may still be missing (throws the stuck tx's error when one cannot be resumed).
   */
  send(request: TxRequest, hooks?: { onBroadcast?: (txHash: Hex) => Promise<void> }): Promise<TxResult>
  /**
   * Brings every persisted `signed`/`sent` tx to an end, lowest nonce first: a mined one is recorded; one the node
   * holds is waited for; one it lost goes out again with its stored bytes while its nonce is free; one whose
   * nonce another tx took, or that sits above a gap, is booked failed (`decidePendingTx`).
   */
  resume(): Promise<ResumeReturnType>
}

/**
 * The transaction manager of one chain and one sender (DESIGN.md "Never
 * twice, never lost"). Every signed tx is stored before it leaves; a tx the
 * node loses, before or after a restart, goes out again with its stored bytes
 * instead of being signed anew. Nonces stay gapless: a new tx takes the
 * chain's pending count only once no persisted tx is pending, and a persisted
 * tx that can never be mined (its nonce taken, or above a gap) is booked
 * failed rather than waited on. Callers send one tx at a time per manager.
 *
 * @example
 * const txs = createTxManager({ db, account, logger, clock, chain }, { confirmations: 1, ...defaultTxManagerOptions })
 * const { stuck } = await txs.resume()
 * const { receipt } = await txs.send({ kind: 'submitBatch', batchIndex, to: inbox, data, gas })
 */
export function createTxManager(deps: TxManagerDeps, options: TxManagerOptions): TxManager {
  const from = deps.account.address
  const sign = createTxSigner(deps)
  const persist = createTxPersister(deps)
  const ctx = { deps, options, sign, persist }
  return {
    async send(request, hooks) {
      const leftovers = await resumePendingTxs(ctx)
      for (const { tx, error } of leftovers.done)
        deps.logger.warn(
          { err: error, nonce: tx.nonce.toString(), kind: tx.kind, batchIndex: tx.batchIndex.toString() },
          'persisted tx resumed before a new one',
        )
      if (leftovers.stuck) throw leftovers.stuck.error
      // Nothing of ours is pending in the store, so the chain's pending count is the next free nonce.
      const nonce = BigInt(await deps.chain.client.getTransactionCount({ address: from, blockTag: 'pending' }))
      const fees = await nextFees(deps.chain.client, undefined)
      const rawTx = await sign({ nonce, request, ...fees })
      const txHash = hashRawTx(rawTx)
      const id = await persist({ nonce, request, rawTx, txHash, ...fees })
      const pending: PendingTx = { id, nonce, request, hashes: [txHash], ids: [id], rawTx, ...fees }
      await options.afterPersist?.({ id, txHash })
      let lookedAt = deps.clock.now()
      try {
        await broadcastAndMarkSent(ctx, pending)
      } catch (error) {
        // Persisted, so not lost: the first poll looks it up in the node and sends it again.
        if (!isRelaymeshError(error) || error.action !== 'retry') throw error
        deps.logger.warn({ err: error, nonce: nonce.toString() }, 'broadcast failed; will send it again')
        lookedAt = Number.NEGATIVE_INFINITY
      }
      await hooks?.onBroadcast?.(txHash)
      return waitTxMined(ctx, pending, lookedAt)
    },
    resume: () => resumePendingTxs(ctx),
  }
}
