import { updateOutgoingTx } from '@relaymesh/store'
import type { TransactionReceipt } from 'viem'
import { txReverted } from './decodeRevert.js'
import type { PendingTx } from './PendingTx.js'
import { revertOf } from './revertOf.js'
import type { TxManagerContext } from './TxManagerContext.js'
import type { TxResult } from './TxRequest.js'

/**
 * Records the version the chain mined (`mined`, or `failed` if it reverted; the latest version `replaced` when an
 * earlier one won). A reverted tx is thrown as `TX_REVERTED` with the decoded reason.
 */
export async function settleMinedTx(
  ctx: TxManagerContext,
  pending: PendingTx,
  receipt: TransactionReceipt,
): Promise<TxResult> {
  const winner = receipt.transactionHash
  const at = pending.hashes.indexOf(winner)
  const row = pending.ids[at]
  // The bump may have raced the miner: an earlier version won, so the latest one is the replaced one.
  if (row !== undefined && row !== pending.id) await updateOutgoingTx(ctx.deps.db, { id: pending.id, to: 'replaced' })
  if (row !== undefined)
    await updateOutgoingTx(ctx.deps.db, { id: row, to: receipt.status === 'success' ? 'mined' : 'failed' })
  if (receipt.status !== 'success') {
    const revert = await revertOf(ctx.deps.chain.client, ctx.deps.account.address, pending.request, receipt)
    throw txReverted(revert, { txHash: winner, kind: pending.request.kind, batchIndex: pending.request.batchIndex })
  }
  return { txHash: winner, receipt, row: row ?? pending.id }
}
