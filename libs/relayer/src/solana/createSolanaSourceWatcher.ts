import { sleep } from '@relaymesh/errors'
import { watchOutboxLogs } from '@relaymesh/solana'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { RelayerError } from '../RelayerError.js'
import type { SourceWatcher, WatchSourceParameters } from '../watcher/SourceWatcher.js'
import { createSolanaWatcherDeps } from './createSolanaWatcherDeps.js'
import { runSolanaWatcher } from './runSolanaWatcher.js'

/** Watches one Solana origin (see `createSolanaSourceWatcher`). */
function watchSolanaSource(ctx: RelayerContext, p: WatchSourceParameters): { done: Promise<void> } {
  const c = ctx.config.solana.find((s) => s.domain === p.origin)
  if (!c)
    throw new RelayerError(`no Solana chain configured for origin ${p.origin}`, {
      code: 'CONFIG_INVALID',
      action: 'fatal',
    })
  const logger = ctx.logger.child({ module: 'solana-watcher', origin: p.origin })
  const deps = createSolanaWatcherDeps({ ...ctx, relayerId: ctx.config.relayerId }, c, p.signal)
  let wake: AbortController = new AbortController()
  const logs = new AbortController()
  if (c.wsUrl)
    watchOutboxLogs({
      wsUrl: c.wsUrl,
      feeAccount: c.feeAccount,
      onLogs: () => wake.abort(),
      // Polling goes on without it (the socket only wakes the poller early); the URL may carry a key: not logged.
      onClose: (reconnectInMs) => logger.warn({ reconnectInMs }, 'Solana logs socket closed; reconnecting'),
      signal: logs.signal,
    })
  const done = runSolanaWatcher(c, deps, {
    logger,
    sleep: (ms, signal) => sleep(ms, signal),
    wakeSignal: () => (wake = new AbortController()).signal,
    signal: p.signal,
  }).finally(() => {
    // The wake-up socket only: losing it loses nothing (see above). Closed for good, or its reconnects to a Solana
    // RPC that is gone would keep the stopped process alive.
    logs.abort()
  })
  return { done }
}

/**
 * The Solana source chains as the watcher sees them: each origin's watcher polls finalized slots from a persisted
 * cursor (the source of truth) and wakes early on `logsSubscribe` notifications for the fee account (latency only: a
 * dropped socket loses nothing).
 *
 * @example
 * const { done } = createSolanaSourceWatcher(ctx).watch({ origin: 1399811149, signal })
 */
export function createSolanaSourceWatcher(ctx: RelayerContext): SourceWatcher {
  return { watch: (p) => watchSolanaSource(ctx, p) }
}
