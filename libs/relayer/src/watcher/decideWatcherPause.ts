import type { EvmWatcherOptions } from './EvmWatcherDeps.js'

/** The longest a failing watcher waits between polls. */
export const MAX_WATCHER_BACKOFF_MS = 30_000

export type DecideWatcherPauseState =
  /** `failures`: polls failed in a row (retryable errors), at least 1. */
  | { kind: 'failed'; failures: number }
  /** `blocks`: how many blocks the poll read (0: nothing new was safe). */
  | { kind: 'polled'; blocks: bigint }

/**
 * How long the watcher waits before its next poll, in ms: a failed poll backs off exponentially (capped); a poll that
 * read a full `maxBlocksPerPoll` range goes on at once (it is catching up); otherwise it waits one poll interval.
 *
 * @example
 * decideWatcherPause({ kind: 'failed', failures: 2 }, { pollIntervalMs: 100, maxBlocksPerPoll: 50 }) // 400
 */
export function decideWatcherPause(
  state: DecideWatcherPauseState,
  opts: Pick<EvmWatcherOptions, 'pollIntervalMs' | 'maxBlocksPerPoll'>,
): number {
  if (state.kind === 'failed')
    return Math.min(MAX_WATCHER_BACKOFF_MS, opts.pollIntervalMs * 2 ** Math.min(state.failures, 6))
  return state.blocks < BigInt(opts.maxBlocksPerPoll) ? opts.pollIntervalMs : 0
}
