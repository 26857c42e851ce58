import type { Logger } from '@relaymesh/telemetry'
import { RelayerError } from '../RelayerError.js'
import { decideSolanaPause } from './decideSolanaPause.js'
import { pollSolanaWatcher, type SolanaWatcherDeps, type SolanaWatcherState } from './pollSolanaWatcher.js'
import type { SolanaChainConfig } from './solanaChainSchema.js'

export type SolanaWatcherLoop = {
  logger: Logger
  /** Resolves after `ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>
  /**
   * A fresh signal that a logs notification aborts, asked for as each poll begins: a notification during the poll or
   * the pause after it ends that pause at once, so the next poll comes at once.
   */
  wakeSignal(): AbortSignal
  signal: AbortSignal
}

/**
 * Polls until `signal` aborts (`pollSolanaWatcher`), pausing as `decideSolanaPause` says between polls; a fatal error
 * stops it loudly.
 */
export async function runSolanaWatcher(
  c: SolanaChainConfig,
  deps: SolanaWatcherDeps,
  loop: SolanaWatcherLoop,
  state: SolanaWatcherState = {},
): Promise<void> {
  let failures = 0
  while (!loop.signal.aborted) {
    // Armed before the poll: a notification that arrives while it runs names a slot it may have missed.
    const wake = loop.wakeSignal()
    try {
      const result = await pollSolanaWatcher(c, deps, state)
      if (result?.slots) loop.logger.debug(result, 'watched')
      failures = 0
    } catch (error) {
      if (error instanceof RelayerError && error.action === 'fatal') throw error
      failures++
      if (decideSolanaPause({ failures }, c).warn)
        loop.logger.warn({ err: error, failures }, 'solana watcher poll failed; retrying')
    }
    await loop.sleep(decideSolanaPause({ failures }, c).ms, AbortSignal.any([loop.signal, wake]))
  }
}
