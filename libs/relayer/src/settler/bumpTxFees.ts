import { hashRawTx } from './hashRawTx.js'
import { broadcastAndMarkSent } from './broadcastAndMarkSent.js'
import type { PendingTx } from './PendingTx.js'
import { nextFees } from './nextFees.js'
import type { TxManagerContext } from './TxManagerContext.js'

/**
 * Same nonce, fees up by at least 12.5% (what nodes require to replace), persisted with `replaces` before it
 * leaves. `pending` then tracks the new version as its latest, beside the earlier ones.
 */
export async function bumpTxFees(ctx: TxManagerContext, pending: PendingTx): Promise<void> {
  const fees = await nextFees(ctx.deps.chain.client, pending)
  const rawTx = await ctx.sign({ nonce: pending.nonce, request: pending.request, ...fees })
  const txHash = hashRawTx(rawTx)
  const id = await ctx.persist({ nonce: pending.nonce, request: pending.request, rawTx, txHash, ...fees }, pending.id)
  Object.assign(pending, { id, rawTx, ...fees })
  pending.hashes.push(txHash)
  pending.ids.push(id)
  ctx.deps.logger.warn(
    { nonce: pending.nonce.toString(), txHash, maxFeePerGas: fees.maxFeePerGas.toString() },
    'tx slow; fees bumped',
  )
  await broadcastAndMarkSent(ctx, pending)
}
