import type { RelayerContext } from '../context/createRelayerContext.js'
import { proposedDestinations, type BatchDestination } from '../batcher/destinations.js'
import { runLoop, runTogether } from '../batcher/serviceLoop.js'
import { defaultExecuteOptions, executeSettledMessages, type ExecuteOptions } from './executeSettledMessages.js'
import { submitSignedBatch } from './submitSignedBatch.js'
import { createTxManager, defaultTxManagerOptions, type TxManagerOptions } from './txManager.js'

export type StartSettlerParameters = {
  signal: AbortSignal
  /** Poll interval of the submit/execute loop. Default 200 ms. */
  intervalMs?: number | undefined
  txManager?: Partial<TxManagerOptions> | undefined
  execute?: Partial<ExecuteOptions> | undefined
}

export type StartSettlerReturnType = { done: Promise<void> }

/**
 * The settler of the destinations this relayer proposes for: one tx manager
 * per chain; first rebroadcasts whatever a previous run persisted but did not
 * see mined (never signing it anew), then submits `signed` batches in index
 * order and executes settled messages with multiproofs. Stops when `signal`
 * aborts (a tx in flight stays persisted and is resumed on the next start).
 *
 * @example
 * const settler = startSettler(ctx, { signal: ac.signal })
 * await settler.done
 */
export function startSettler(ctx: RelayerContext, parameters: StartSettlerParameters): StartSettlerReturnType {
  const tasks = proposedDestinations(ctx).map((target) => (signal: AbortSignal) => settle(ctx, target, parameters, signal))
  return { done: runTogether(parameters.signal, tasks) }
}

async function settle(ctx: RelayerContext, target: BatchDestination, parameters: StartSettlerParameters, signal: AbortSignal): Promise<void> {
  const txs = createTxManager(
    { db: ctx.db, account: ctx.account, logger: ctx.logger.child({ module: 'txManager', chain: target.destination }), clock: ctx.clock, chain: target.chain, signal },
    { confirmations: target.chain.config.txConfirmations, ...defaultTxManagerOptions, ...parameters.txManager },
  )
  const execute = { ...defaultExecuteOptions, ...parameters.execute }
  let resumed = false
  await runLoop(ctx, `settle:${target.destination}`, { signal, intervalMs: parameters.intervalMs ?? 200 }, async () => {
    if (!resumed) {
      for (const { tx, error } of await txs.resume())
        if (error) ctx.logger.error({ err: error, nonce: tx.nonce.toString(), kind: tx.kind }, 'persisted tx did not complete')
      resumed = true
    }
    if (signal.aborted) return false
    return (await submitSignedBatch(ctx, target, txs)) || (await executeSettledMessages(ctx, target, txs, execute))
  })
}
