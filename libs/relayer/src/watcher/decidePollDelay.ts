import type { EvmWatcherOptions } from './EvmWatcherDeps.js'

/** The longest a failing watcher waits between polls. */
export const MAX_WATCHER_BACKOFF_MS = 30_000

export type DecidePollDelayState =
  /** `failures`: polls failed in a row (retryable errors), at least 1. */
  | { kind: 'failed'; failures: number }
  /**
   * `blocks`: how many blocks the poll read (0: nothing new was safe). `idlePolls`: polls in a row, this one included,
   * that read nothing. `wakeLive`: a head subscription is open, so the next block ends the pause at once.
   */
  | { kind: 'polled'; blocks: bigint; idlePolls: number; wakeLive: boolean }

export type DecidePollDelayOptions = Pick<EvmWatcherOptions, 'pollIntervalMs' | 'maxBlocksPerPoll'> & {
  /** The pause while a head subscription is live: a fallback for a socket that stops notifying, not the pace. */
  idlePollMs: number
}

/**
 * How long a poller (the EVM watcher, the Parlia feeder) waits before its next poll, in ms. A failed poll backs off
 * exponentially (capped); a poll that read a full `maxBlocksPerPoll` range goes on at once (it is catching up). With
 * no head subscription it waits one poll interval. With one, the next block wakes it, so it waits `idlePollMs` as a
 * fallback; a poll that found nothing new (woken for a head the RPC endpoint does not serve yet) is tried again after
 * one interval, doubling while nothing comes, up to `idlePollMs`.
 *
 * @example
 * decidePollDelay({ kind: 'failed', failures: 2 }, { pollIntervalMs: 100, maxBlocksPerPoll: 50, idlePollMs: 2000 })
 * // 400
 */
export function decidePollDelay(state: DecidePollDelayState, opts: DecidePollDelayOptions): number {
  if (state.kind === 'failed')
    return Math.min(MAX_WATCHER_BACKOFF_MS, opts.pollIntervalMs * 2 ** Math.min(state.failures, 6))
  if (state.blocks >= BigInt(opts.maxBlocksPerPoll)) return 0
  if (!state.wakeLive) return opts.pollIntervalMs
  const idleMs = Math.max(opts.idlePollMs, opts.pollIntervalMs)
  if (state.blocks > 0n || state.idlePolls <= 0) return idleMs
  return Math.min(idleMs, opts.pollIntervalMs * 2 ** Math.min(state.idlePolls - 1, 16))
}
