import type { RelayerContext } from '../context/createRelayerContext.js'
import { batchDestination } from '../batch/batchDestination.js'
import { runLoop } from '../loop/runLoop.js'
import { runTogether } from '../loop/runTogether.js'
import { defaultExecuteOptions } from '../settler/executeSettledMessages.js'
import { createFollowerChain } from './createFollowerChain.js'
import { createFollowerStore } from './createFollowerStore.js'
import type { FollowerDeps } from './FollowerDeps.js'
import { followInbox, type InboxFollowerState } from './followInbox.js'

export type StartInboxFollowerParameters = {
  signal: AbortSignal
  /** Poll interval per chain; default the chain's `pollIntervalMs`. */
  intervalMs?: number | undefined
  /** The settler's `ExecuteOptions.maxAttempts` (default its default): which failures it retries (`applyFailed`). */
  maxAttempts?: number | undefined
}

export type StartInboxFollowerReturnType = { done: Promise<void> }

/**
 * Follows every configured chain's SettlementInbox (every relayer runs it,
 * proposer or not) and records what the chain settled and executed in this
 * relayer's database, with a `relaymesh.settle` / `relaymesh.execute` span
 * in each message's own trace. Stops when `signal` aborts. The composition
 * edge: it builds each chain's `FollowerDeps` from the context once.
 *
 * @example
 * const follower = startInboxFollower(ctx, { signal: ac.signal })
 * await follower.done
 */
export function startInboxFollower(
  ctx: RelayerContext,
  parameters: StartInboxFollowerParameters,
): StartInboxFollowerReturnType {
  const store = createFollowerStore(ctx.db)
  const tasks = [...ctx.chains.keys()].map((destination) => async (signal: AbortSignal) => {
    const target = batchDestination(ctx, destination)
    const deps: FollowerDeps = {
      destination,
      store,
      chain: createFollowerChain(target),
      logger: ctx.logger,
      clock: ctx.clock,
      tracing: ctx.telemetry,
    }
    const options = {
      ...target.chain.config,
      maxAttempts: parameters.maxAttempts ?? defaultExecuteOptions.maxAttempts,
      adoptWaitMs: ctx.config.batch.adoptWaitMs,
    }
    const intervalMs = parameters.intervalMs ?? target.chain.config.pollIntervalMs
    const state: InboxFollowerState = {}
    await runLoop(deps, `follow:${destination}`, { signal, intervalMs }, () => followInbox(deps, state, options))
  })
  return { done: runTogether(parameters.signal, tasks) }
}
