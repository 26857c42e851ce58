import { isRelaymeshError } from '@relaymesh/errors'
import { runLoop } from '../loop/runLoop.js'
import { decideRecovery } from './decideRecovery.js'
import { decideSettlement, type DecideSettlementOptions, type SettlementWork } from './decideSettlement.js'
import { executeSettledMessages, type ExecuteSettledMessagesOptions } from './executeSettledMessages.js'
import { readSettlementState } from './readSettlementState.js'
import { requeueLostBatches } from './requeueLostBatches.js'
import type { SettlerDeps } from './SettlerDeps.js'
import { submitSignedBatch } from './submitSignedBatch.js'
import { waitForFollower } from './waitForFollower.js'

export type SettleDestinationOptions = {
  /** Poll interval of the submit/execute loop. */
  intervalMs: number
  /** The settler's execute options, and the most messages per execute (`config.batch.executeChunk`). */
  execute: ExecuteSettledMessagesOptions
  /** Co-signatures a submission carries (`config.threshold`). */
  threshold: number
  settlement: DecideSettlementOptions
}

/**
 * The settler loop of one destination, the shell of `decideSettlement`: recovers first (and after any failed tick),
 * then each tick reads what is due, lets `decideSettlement` order it (both kinds get a turn every tick, so steady
 * traffic cannot starve execution) and does it; a tick that did nothing sleeps `intervalMs`. Stops when `signal`
 * aborts (a tx in flight stays persisted and is resumed on the next start).
 *
 * @example
 * await settleDestination(deps, { intervalMs: 200, execute, threshold: 2, settlement }, signal)
 */
export async function settleDestination(
  deps: SettlerDeps,
  options: SettleDestinationOptions,
  signal: AbortSignal,
): Promise<void> {
  const { execute } = options
  const submit = { ...execute, threshold: options.threshold }
  const work = (kind: SettlementWork) =>
    kind === 'submit' ? submitSignedBatch(deps, submit) : executeSettledMessages(deps, execute)
  // At the start, and after any failed tick: a tx may have been left pending or lost, and its batch believed submitted.
  let recover = true
  let last: SettlementWork | undefined
  await runLoop(deps, `settle:${deps.destination}`, { signal, intervalMs: options.intervalMs }, async () => {
    if (recover) {
      await recoverSettlement(deps, execute.followerWaitMs)
      recover = false
    }
    if (signal.aborted) return false
    const plan = decideSettlement({ ...(await readSettlementState(deps, execute)), last }, options.settlement)
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
 * inbox lacks (`requeueLostBatches`), as `decideRecovery` says. Lost execute txs
 * need nothing more: their messages stay `settled` until the follower sees them
 * executed, so the next execute picks them up. Throws the stuck tx's error (the
 * loop retries with `recover` still set) while a tx cannot be resumed.
 */
async function recoverSettlement(deps: SettlerDeps, followerWaitMs: number): Promise<void> {
  const resumed = await deps.txs.resume()
  for (const { tx, error } of resumed.done)
    if (error)
      deps.logger.error({ err: error, nonce: tx.nonce.toString(), kind: tx.kind }, 'persisted tx did not complete')
  const { followUpTo, next } = decideRecovery(resumed)
  if (followUpTo !== undefined) await waitForFollower(deps, followUpTo, followerWaitMs)
  if (next === 'retry') throw resumed.stuck?.error
  await requeueLostBatches(deps)
}
