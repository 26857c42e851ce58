import { isRelaymeshError } from '@relaymesh/errors'
import { hashRawTx } from './hashRawTx.js'
import { broadcastAndMarkSent } from './broadcastAndMarkSent.js'
import { bumpTxFees } from './bumpTxFees.js'
import { isFeeCapBelowNextBaseFee } from './isFeeCapBelowNextBaseFee.js'
import type { PendingTx } from './PendingTx.js'
import type { TxManagerContext } from './TxManagerContext.js'

/**
 * The node lost the tx: the stored bytes again (same hash, same nonce). If it refuses them because their fee cap
 * is now below the base fee, the same nonce re-signed with fees that pass. Any other refusal (the node unreachable,
 * say) is thrown with the tx left as it is: re-signing on every retry would only ratchet the fees up.
 */
export async function rebroadcastTx(ctx: TxManagerContext, pending: PendingTx): Promise<void> {
  const log = {
    nonce: pending.nonce.toString(),
    txHash: hashRawTx(pending.rawTx),
    kind: pending.request.kind,
    batchIndex: pending.request.batchIndex.toString(),
  }
  try {
    await broadcastAndMarkSent(ctx, pending)
    ctx.deps.logger.warn(log, 'tx lost by the node; stored bytes sent again')
  } catch (error) {
    if (!isRelaymeshError(error) || error.action !== 'retry') throw error
    const { baseFeePerGas } = await ctx.deps.chain.client.getBlock({ blockTag: 'latest' })
    // No base fee (a pre-London chain): the fee cap is not why the node refused it.
    if (baseFeePerGas === null || !isFeeCapBelowNextBaseFee(pending.maxFeePerGas, baseFeePerGas)) throw error
    ctx.deps.logger.warn(
      { ...log, err: error, baseFeePerGas: baseFeePerGas.toString() },
      'tx lost by the node and its fee cap is below the base fee; re-signing at the same nonce',
    )
    await bumpTxFees(ctx, pending)
  }
}
