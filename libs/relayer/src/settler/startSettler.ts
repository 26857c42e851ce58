import { isRelaymeshError } from '@relaymesh/errors'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { proposedDestinations } from '../batch/proposedDestinations.js'
import type { BatchDestination } from '../batch/batchDestination.js'
import { runLoop } from '../loop/runLoop.js'
import { runTogether } from '../loop/runTogether.js'
import {
  decideSettlement,
  defaultDecideSettlementOptions,
  type DecideSettlementOptions,
  type SettlementWork,
} from './decideSettlement.js'
import { defaultExecuteOptions, executeSettledMessages, type ExecuteOptions } from './executeSettledMessages.js'
import { readSettlementState } from './readSettlementState.js'
import { requeueLostBatches } from './requeueLostBatches.js'
import { submitSignedBatch } from './submitSignedBatch.js'
import { createTxManager, type TxManager } from './txManager.js'
import { defaultTxManagerOptions, type TxManagerOptions } from './TxManagerOptions.js'
import { waitForFollower } from './waitForFollower.js'

export type StartSettlerParameters = {
  signal: AbortSignal
  /** Poll interval of the submit/execute loop. Default 200 ms. */
  intervalMs?: number | undefined
  txManager?: Partial<TxManagerOptions> | undefined
  execute?: Partial<ExecuteOptions> | undefined
  /** How much of each kind of work one tick may do (`decideSettlement`). */
  settlement?: Partial<DecideSettlementOptions> | undefined
}

export type StartSettlerReturnType = { done: Promise<void> }

/**
 * The settler of the destinations this relayer proposes for: one tx manager
 * per chain; first rebroadcasts whatever a previous run persisted but did not
 * see mined (never signing it anew) and sends again every batch believed
 * submitted whose tx was lost (again after any failed tick), then submits
 * `signed` batches in index order, each with its messages executed in the
 * same transaction when it fits (`submitAndExecute`, PROTOCOL.md "One-shot
 * settlement"), and executes the remaining settled messages with
 * multiproofs. Each tick reads what
 * is due, lets `decideSettlement` order it (both kinds get a turn every tick,
 * so steady traffic cannot starve execution) and does it; a tick that did
 * nothing sleeps `intervalMs`. Stops when `signal` aborts (a tx in flight
 * stays persisted and is resumed on the next start).
 *
 * @example
 * const settler = startSettler(ctx, { signal: ac.signal })
 * await settler.done
 */
export function startSettler(ctx: RelayerContext, parameters: StartSettlerParameters): StartSettlerReturnType {
  const tasks = proposedDestinations(ctx).map(
    (target) => (signal: AbortSignal) => settle(ctx, target, parameters, signal),
  )
  return { done: runTogether(parameters.signal, tasks) }
}

async function settle(
  ctx: RelayerContext,
  target: BatchDestination,
  parameters: StartSettlerParameters,
  signal: AbortSignal,
): Promise<void> {
  const txs = createTxManager(
    {
      db: ctx.db,
      account: ctx.account,
      logger: ctx.logger.child({ module: 'txManager', chain: target.destination }),
      clock: ctx.clock,
      chain: target.chain,
      signal,
    },
    { confirmations: target.chain.config.txConfirmations, ...defaultTxManagerOptions, ...parameters.txManager },
  )
  const execute = { ...defaultExecuteOptions, ...parameters.execute }
  const settlement = { ...defaultDecideSettlementOptions, ...parameters.settlement }
  const work = (kind: SettlementWork) =>
    kind === 'submit' ? submitSignedBatch(ctx, target, txs, execute) : executeSettledMessages(ctx, target, txs, execute)
  // At the start, and after any failed tick: a tx may have been left pending or lost, and its batch believed submitted.
  let recover = true
  let last: SettlementWork | undefined
  await runLoop(ctx, `settle:${target.destination}`, { signal, intervalMs: parameters.intervalMs ?? 200 }, async () => {
    if (recover) {
      await recoverSettlement(ctx, txs, target, execute.followerWaitMs)
      recover = false
    }
    if (signal.aborted) return false
    const plan = decideSettlement({ ...(await readSettlementState(ctx, target, execute)), last }, settlement)
    let progressed = false
    let failure: { error: unknown } | undefined
    for (const kind of plan) {
      if (signal.aborted) break
      last = kind
      try {
        if (await work(kind)) progressed = true
      } catch (error) {
        // A failing kind (say, submissions while the inbox is paused) must not take the other kind's turn: finish the
        // plan, then report.
        if (isRelaymeshError(error) && error.action === 'fatal') throw error
        failure ??= { error }
      }
    }
    if (failure) {
      recover = true
      throw failure.error
    }
    // Work done: look again at once (more may be due). Nothing done: sleep.
    return progressed
  })
}

/**
 * Brings the tx manager's persisted txs to an end (`TxManager.resume`), then
 * requeues every `submitted` batch whose submit tx is gone and whose batch the
 * inbox lacks (`requeueLostBatches`). Lost execute txs need nothing more:
 * their messages stay `settled` until the follower sees them executed, so the
 * next execute picks them up. Throws the stuck tx's error (the loop retries
 * with `recover` still set) while a tx cannot be resumed.
 */
async function recoverSettlement(
  ctx: RelayerContext,
  txs: TxManager,
  target: BatchDestination,
  followerWaitMs: number,
): Promise<void> {
  const { done, stuck } = await txs.resume()
  let minedUpTo: bigint | undefined
  for (const { tx, result, error } of done) {
    if (error)
      ctx.logger.error({ err: error, nonce: tx.nonce.toString(), kind: tx.kind }, 'persisted tx did not complete')
    if (result && (minedUpTo === undefined || result.receipt.blockNumber > minedUpTo))
      minedUpTo = result.receipt.blockNumber
  }
  // A resumed execute or one-shot settlement executed messages that still look settled here until the follower records
  // them.
  if (minedUpTo !== undefined) await waitForFollower(ctx, target.destination, minedUpTo, followerWaitMs)
  if (stuck) throw stuck.error
  await requeueLostBatches(ctx, target)
}
