import { isRelaymeshError } from '@relaymesh/errors'
import { updateOutgoingTx } from '@relaymesh/store'
import type { PendingTx } from './PendingTx.js'
import { broadcast } from './broadcast.js'
import type { TxManagerContext } from './TxManagerContext.js'

/** Broadcasts the tx's latest version, then marks its row `sent`. */
export async function broadcastAndMarkSent(ctx: TxManagerContext, pending: PendingTx): Promise<void> {
  await broadcast(ctx.deps.chain.client, pending.rawTx)
  try {
    await updateOutgoingTx(ctx.deps.db, { id: pending.id, to: 'sent' })
  } catch (error) {
    // Already `sent` (a rebroadcast after restart): nothing to record.
    if (!isRelaymeshError(error, 'ILLEGAL_TRANSITION')) throw error
  }
}
