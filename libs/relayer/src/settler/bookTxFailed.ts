import { isRelaymeshError } from '@relaymesh/errors'
import { updateOutgoingTx } from '@relaymesh/store'
import type { PendingTx } from './PendingTx.js'
import type { TxManagerContext } from './TxManagerContext.js'

/**
 * Every version of a tx that can no longer be mined is failed: a replaced one left `replaced` would pass for a version
 * of the next tx at its nonce.
 */
export async function bookTxFailed(ctx: TxManagerContext, pending: PendingTx): Promise<void> {
  await updateOutgoingTx(ctx.deps.db, { id: pending.id, to: 'failed' })
  for (const id of pending.ids) {
    if (id === pending.id) continue
    try {
      await updateOutgoingTx(ctx.deps.db, { id, to: 'failed' })
    } catch (error) {
      if (!isRelaymeshError(error, 'ILLEGAL_TRANSITION')) throw error
    }
  }
}
