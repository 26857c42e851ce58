import type { FirstPublishFate } from './judgeFirstPublish.js'

/** What a watcher knows when a hint names one of its origin's blocks. */
export type ReobserveState = {
  blockNumber: bigint
  /** Ids the hint names that this relayer never stored. */
  unknownIds: number
  /** The watcher's cursor (the last block it has published up to); undefined before its first poll. */
  cursor: bigint | undefined
  /** When this block was last read again because of a hint (ms), if ever. */
  lastReadAt: number | undefined
  /**
   * What became of that re-read's publish (`judgeFirstPublish` over its parts), when asked: asked only once the
   * decision without it is `read-recently`.
   */
  lastReadFate?: FirstPublishFate | undefined
  now: number
}

export type ReobserveOptions = {
  /** A block read again is not read again for a hint before this long (ms): its bundle needs time to be verified. */
  retryAfterMs: number
}

/**
 * Two minutes: long enough for a re-read bundle to reach the verifier on a loaded machine, short enough that a re-read
 * that itself went missing (a NATS restart right after it was acknowledged) is read again while peers still name the
 * block. Ten minutes outlasted a fault run's drain: the block was counted lost although the mesh would have recovered
 * it later. A second re-read only publishes again what the store inserts once.
 */
export const defaultReobserveOptions: ReobserveOptions = { retryAfterMs: 2 * 60_000 }

export type ReobserveDecision = { read: true } | { read: false; why: 'all-known' | 'not-reached' | 'read-recently' }

/**
 * Whether a hint's block is read again: only when this relayer is missing some of its messages although its watcher
 * has passed the block (otherwise the watcher reads it in its turn), and not again while an earlier read may still be
 * on its way through the verifier. A re-read the stream no longer holds (`dropped-by-stream`: a NATS server killed
 * right after acknowledging it) cannot be on its way: it is read again at once. A re-read the verifier passed without
 * storing waits out `retryAfterMs` (its refusal is recorded; reading it again at every hint would repeat it).
 *
 * @example
 * if (decideReobserve({ blockNumber, unknownIds, cursor, lastReadAt, now }).read) await readAgain(block)
 */
export function decideReobserve(
  s: ReobserveState,
  options: ReobserveOptions = defaultReobserveOptions,
): ReobserveDecision {
  if (s.unknownIds === 0) return { read: false, why: 'all-known' }
  if (s.cursor === undefined || s.cursor < s.blockNumber) return { read: false, why: 'not-reached' }
  if (
    s.lastReadAt !== undefined &&
    s.now - s.lastReadAt < options.retryAfterMs &&
    s.lastReadFate !== 'dropped-by-stream'
  )
    return { read: false, why: 'read-recently' }
  return { read: true }
}
