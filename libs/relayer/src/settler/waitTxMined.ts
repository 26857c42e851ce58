import { RelayerError } from '../RelayerError.js'
import { bookTxFailed } from './bookTxFailed.js'
import { bumpTxFees } from './bumpTxFees.js'
import { decidePendingTx, type PendingTxWatch } from './decidePendingTx.js'
import type { PendingTx } from './PendingTx.js'
import { rebroadcastTx } from './rebroadcastTx.js'
import { settleMinedTx } from './settleMinedTx.js'
import { isNonceTaken } from './isNonceTaken.js'
import { readNodeView } from './readNodeView.js'
import { readReceipt } from './readReceipt.js'
import type { TxManagerContext } from './TxManagerContext.js'
import type { TxResult } from './TxRequest.js'

/**
 * Polls the chain for the tx until `decidePendingTx` records it: a receipt of any of its versions (mined, or failed
 * if reverted). On the way it bumps fees when slow, sends the stored bytes again when the node lost them, and gives
 * it up (booked failed, thrown for the caller to decide the work again) when its nonce is taken or above a gap.
 * `lookedAt`: when the node was last asked about the tx (`-Infinity`: ask at the first poll).
 */
export async function waitTxMined(ctx: TxManagerContext, pending: PendingTx, lookedAt: number): Promise<TxResult> {
  const { deps, options } = ctx
  const client = deps.chain.client
  const from = deps.account.address
  const decideOptions = { bumpAfterMs: options.bumpAfterMs, graceMs: options.nonceConflictGraceMs }
  let watch: PendingTxWatch = { broadcastAt: deps.clock.now() }
  let justSent = false
  for (;;) {
    if (deps.signal?.aborted)
      throw new RelayerError('stopping while a tx is in flight', {
        code: 'STOPPING',
        action: 'retry',
        meta: { nonce: pending.nonce, hashes: pending.hashes },
      })
    const now = deps.clock.now()
    const found = await readReceipt(client, pending.hashes, Math.max(1, options.confirmations))
    const nonceTaken = !found && (await isNonceTaken(client, from, pending))
    const look = !found && !nonceTaken && now - lookedAt >= options.lookEveryMs
    const node = look ? await readNodeView(client, from, pending.hashes) : undefined
    if (look) lookedAt = now
    const receipt = found && (found.confirmed ? 'confirmed' : 'confirming')
    const decided = decidePendingTx(watch, { now, nonce: pending.nonce, receipt, nonceTaken, node }, decideOptions)
    watch = decided.watch
    const { action } = decided
    if (action.kind === 'record' && found) return settleMinedTx(ctx, pending, found.receipt)
    if (action.kind === 'give-up') {
      await bookTxFailed(ctx, pending)
      const why =
        action.code === 'TX_NONCE_CONFLICT'
          ? 'nonce was taken by another transaction'
          : 'tx sits above a nonce gap nothing fills'
      throw new RelayerError(why, {
        code: action.code,
        action: 'retry',
        meta: { nonce: pending.nonce, hashes: pending.hashes, pendingCount: node?.pendingCount },
      })
    }
    if (action.kind === 'rebroadcast' || action.kind === 'bump') {
      await (action.kind === 'rebroadcast' ? rebroadcastTx(ctx, pending) : bumpTxFees(ctx, pending))
      watch = { ...watch, broadcastAt: deps.clock.now() }
      // Just sent: on an automining node the receipt is there already. Once only, so no setting can make this spin.
      if (!justSent) {
        justSent = true
        continue
      }
    }
    justSent = false
    await new Promise((resolve) => setTimeout(resolve, options.pollMs))
  }
}
