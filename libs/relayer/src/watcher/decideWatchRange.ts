import type { EvmWatcherOptions, WatcherCursor } from './EvmWatcherDeps.js'

export type DecideWatchRangeState = {
  /** Head minus the confirmations: the last block the watcher may publish. */
  safe: bigint
  /** The cursor (last block published), or none yet: the watcher starts at `startBlock`. */
  cursor: WatcherCursor | undefined
}

/** `read`: blocks `from..to` next; `caughtUp`: the cursor is at the safe head, nothing to read until it moves. */
export type WatchRangeDecision = { kind: 'read'; from: bigint; to: bigint } | { kind: 'caughtUp' }

/**
 * The range a watcher reads next: from the block after its cursor (or its start block), at most `maxBlocksPerPoll`
 * blocks, never past the safe head.
 *
 * @example
 * decideWatchRange({ safe: 500n, cursor: { number: 99n, hash: undefined } }, { startBlock: 0n, maxBlocksPerPoll: 100 })
 * // { kind: 'read', from: 100n, to: 199n }
 */
export function decideWatchRange(
  state: DecideWatchRangeState,
  opts: Pick<EvmWatcherOptions, 'startBlock' | 'maxBlocksPerPoll'>,
): WatchRangeDecision {
  const from = state.cursor ? state.cursor.number + 1n : opts.startBlock
  if (from > state.safe) return { kind: 'caughtUp' }
  const end = from + BigInt(opts.maxBlocksPerPoll) - 1n
  return { kind: 'read', from, to: state.safe < end ? state.safe : end }
}
