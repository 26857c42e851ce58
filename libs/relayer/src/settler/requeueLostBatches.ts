import { isRelaymeshError } from '@relaymesh/errors'
import type { SettlerDeps } from './SettlerDeps.js'

export type RequeueLostBatchesOptions = {
  /** How many of the lowest `submitted` batches to check. */
  limit: number
}

export const defaultRequeueLostBatchesOptions: RequeueLostBatchesOptions = { limit: 32 }

/**
 * Moves back to `signed` every `submitted` batch of `target` the inbox does
 * not hold with our hash, so `submitSignedBatch` sends it again (and, if the
 * inbox holds another batch at its index, refuses it). Call it only when the
 * tx manager has nothing pending (`resume` returned no `stuck` tx): then no
 * submit tx of ours can still land, and a batch the inbox lacks was lost with
 * its tx (dropped by the node, its nonce taken, the settler stopped in
 * between). Never a second submission on chain: a resubmit of a batch the
 * inbox already holds reverts `BatchAlreadySubmitted`, which the settler books
 * as submitted. Returns the batch indexes it moved.
 *
 * @example
 * const { stuck } = await txs.resume()
 * if (!stuck) await requeueLostBatches(deps)
 */
export async function requeueLostBatches(
  deps: Pick<SettlerDeps, 'destination' | 'store' | 'inbox' | 'logger'>,
  options: RequeueLostBatchesOptions = defaultRequeueLostBatchesOptions,
): Promise<bigint[]> {
  const { destination } = deps
  const moved: bigint[] = []
  for (const batch of await deps.store.listBatches({ destination, state: 'submitted', limit: options.limit })) {
    const onChain = await deps.inbox.batchHash(batch.batchIndex)
    // Ours on chain: the inbox follower settles it.
    if (onChain.toLowerCase() === batch.batchHash.toLowerCase()) continue
    try {
      await deps.store.transitionBatch({ destination, batchIndex: batch.batchIndex, to: 'signed' })
    } catch (error) {
      // The follower moved it meanwhile (it saw the batch on chain after all): nothing to requeue.
      if (!isRelaymeshError(error, 'ILLEGAL_TRANSITION')) throw error
      continue
    }
    deps.logger.warn(
      { destination, batchIndex: batch.batchIndex.toString() },
      'submitted batch is not on chain and no tx of ours is pending; back to signed',
    )
    moved.push(batch.batchIndex)
  }
  return moved
}
