export type FollowRangeOptions = {
  /** Blocks deep a block must be to count as confirmed (0 and 1 both mean the head). */
  txConfirmations: number
  /** Where to start without a stored cursor. */
  startBlock: bigint
  /** Most blocks read per step. */
  maxBlocksPerPoll: number
}

/** The chain settings' defaults (`txConfirmations`, `startBlock`, `maxBlocksPerPoll`). */
export const defaultFollowRangeOptions: FollowRangeOptions = {
  txConfirmations: 1,
  startBlock: 0n,
  maxBlocksPerPoll: 500,
}

/** What the follower of one inbox knows before a step. */
export type FollowRangeState = {
  /** The chain's head block. */
  head: bigint
  /** The confirmed block it has applied everything up to, once it caught up. */
  doneUpTo: bigint | undefined
  /** The last block applied, as its cursor says: `undefined` when not read yet, `null` when none is stored. */
  cursor: bigint | null | undefined
}

/**
 * `idle`: nothing confirmed since it last caught up (no query at all). `need-cursor`: read the stored cursor and
 * decide again. `caught-up`: the cursor is at or past the confirmed block `safe`. `follow`: apply the blocks
 * `from`..`to`, then move the cursor to `to`; more are waiting when `to < safe`.
 */
export type FollowRangeDecision =
  | { kind: 'idle' }
  | { kind: 'need-cursor' }
  | { kind: 'caught-up'; safe: bigint }
  | { kind: 'follow'; from: bigint; to: bigint; safe: bigint }

/**
 * The inbox follower's next block range: from the block after its cursor (or `startBlock`) up to the block
 * `txConfirmations` deep, at most `maxBlocksPerPoll` blocks. A follower behind by many blocks reads them a range
 * per step, each step moving the cursor, so a long backlog always progresses; once caught up it costs one head
 * read per poll.
 *
 * @example
 * decideFollowRange(
 *   { head: 1_000n, doneUpTo: undefined, cursor: 100n },
 *   { txConfirmations: 3, startBlock: 0n, maxBlocksPerPoll: 500 },
 * )
 * // { kind: 'follow', from: 101n, to: 600n, safe: 998n }
 */
export function decideFollowRange(
  state: FollowRangeState,
  options: FollowRangeOptions = defaultFollowRangeOptions,
): FollowRangeDecision {
  const safe = state.head - BigInt(Math.max(1, options.txConfirmations) - 1)
  // Only this follower moves its cursor: nothing new is confirmed since it caught up, so no query.
  if (state.doneUpTo !== undefined && safe <= state.doneUpTo) return { kind: 'idle' }
  if (state.cursor === undefined) return { kind: 'need-cursor' }
  const from = state.cursor !== null ? state.cursor + 1n : options.startBlock
  if (from > safe) return { kind: 'caught-up', safe }
  const last = from + BigInt(options.maxBlocksPerPoll) - 1n
  return { kind: 'follow', from, to: safe < last ? safe : last, safe }
}
