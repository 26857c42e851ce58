import { setTimeout as sleep } from 'node:timers/promises'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { proposedDestinations } from '../batch/proposedDestinations.js'
import type { BatchDestination } from '../batch/batchDestination.js'
import { runTogether } from '../loop/runTogether.js'
import { createSettlerInbox } from './createSettlerInbox.js'
import { createSettlerStore } from './createSettlerStore.js'
import { defaultDecideSettlementOptions, type DecideSettlementOptions } from './decideSettlement.js'
import { defaultExecuteOptions, type ExecuteOptions } from './executeSettledMessages.js'
import { settleDestination } from './settleDestination.js'
import type { SettlerDeps } from './SettlerDeps.js'
import { createTxManager } from './txManager.js'
import { defaultTxManagerOptions, type TxManagerOptions } from './TxManagerOptions.js'

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
 * stays persisted and is resumed on the next start). The composition edge:
 * it builds each destination's `SettlerDeps` from the context once and runs
 * `settleDestination` with them.
 *
 * @example
 * const settler = startSettler(ctx, { signal: ac.signal })
 * await settler.done
 */
export function startSettler(ctx: RelayerContext, parameters: StartSettlerParameters): StartSettlerReturnType {
  const options = {
    intervalMs: parameters.intervalMs ?? 200,
    execute: { ...defaultExecuteOptions, ...parameters.execute, executeChunk: ctx.config.batch.executeChunk },
    threshold: ctx.config.threshold,
    settlement: { ...defaultDecideSettlementOptions, ...parameters.settlement },
  }
  const store = createSettlerStore(ctx.db)
  const tasks = proposedDestinations(ctx).map(
    (target) => (signal: AbortSignal) =>
      settleDestination(settlerDeps(ctx, store, target, parameters, signal), options, signal),
  )
  return { done: runTogether(parameters.signal, tasks) }
}

/** One destination's settler dependencies: its inbox, and a tx manager of its chain stopping with `signal`. */
function settlerDeps(
  ctx: Pick<RelayerContext, 'db' | 'account' | 'logger' | 'clock'>,
  store: SettlerDeps['store'],
  target: BatchDestination,
  parameters: StartSettlerParameters,
  signal: AbortSignal,
): SettlerDeps {
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
  return {
    destination: target.destination,
    store,
    inbox: createSettlerInbox(target, ctx.account),
    txs,
    logger: ctx.logger,
    clock: ctx.clock,
    sleep: (ms) => sleep(ms),
  }
}
