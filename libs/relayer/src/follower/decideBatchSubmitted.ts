import type { Hex } from 'viem'
import type { BatchRow } from '../batch/BatchRow.js'

/**
 * `adopt`: this relayer does not hold the settled batch (none at its index, another hash, or refused): adopt it from
 * the settling calldata, then decide again. `settle`: walk the local batch through `moves`, then settle it. `skip`:
 * nothing to record (already settled, or not held even after adoption).
 */
export type BatchSubmittedDecision =
  { kind: 'adopt' } | { kind: 'settle'; moves: ('signed' | 'submitted')[] } | { kind: 'skip' }

/** What the follower knows of an inbox `BatchSubmitted`. */
export type BatchSubmittedState = {
  /** The local batch at the event's index. */
  local: Pick<BatchRow, 'batchHash' | 'state'> | null
  /** The hash the inbox settled. */
  batchHash: Hex
  /** Whether adoption was already tried for this event (it is tried once). */
  adopted: boolean
}

const MOVES = { proposed: ['signed', 'submitted'], signed: ['submitted'], submitted: [] } as const

/**
 * How the follower applies a `BatchSubmitted`: the chain is the source of truth, so the local batch with the same
 * hash walks to `settled` whatever state this relayer had it in.
 *
 * @example
 * decideBatchSubmitted({ local: { batchHash, state: 'signed' }, batchHash, adopted: false })
 * // { kind: 'settle', moves: ['submitted'] }
 */
export function decideBatchSubmitted(state: BatchSubmittedState): BatchSubmittedDecision {
  const { local } = state
  if (!state.adopted && (local?.batchHash !== state.batchHash || local.state === 'refused')) return { kind: 'adopt' }
  if (!local) return { kind: 'skip' }
  if (local.state === 'proposed' || local.state === 'signed' || local.state === 'submitted')
    return { kind: 'settle', moves: [...MOVES[local.state]] }
  return { kind: 'skip' }
}
