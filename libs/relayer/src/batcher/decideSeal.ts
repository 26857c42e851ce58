export type SealOptions = {
  /** A queue this long seals at once. */
  maxMessages: number
  /** A queue whose oldest message was verified this long ago seals, however short. */
  maxAgeMs: number
  /** How long a co-signer may wait for its own verifier before refusing (sets the proposer's quorum timeout). */
  cosignDeadlineMs: number
  /**
   * While `maxSettling` batches have their quorum but are not settled on chain yet, a short queue waits (growing
   * into a bigger batch) until its oldest message has waited this long.
   */
  maxHoldMs: number
  /** Batches with their quorum that may wait for the settler at once before a short queue holds. */
  maxSettling: number
}

/** The batch settings' defaults (`batch.maxMessages`, `batch.maxAgeMs`, `batch.cosignDeadlineMs`). */
export const defaultSealOptions: SealOptions = {
  maxMessages: 1_000,
  maxAgeMs: 500,
  cosignDeadlineMs: 30_000,
  maxHoldMs: 30_000,
  maxSettling: 2,
}

/** What the proposer of one destination read before a step. Times are this relayer's clock, in ms. */
export type SealState = {
  now: number
  /**
   * The destination's latest batch while it is still `proposed` short of its quorum: one batch in flight per
   * destination.
   */
  inFlight: { proposedAt: number } | undefined
  /** The latest batches that reached their quorum (`signed`) or were sent (`submitted`) and are not settled yet. */
  settling: number
  /** Verified messages waiting to be batched (counted up to the next batch's size) and when the oldest was verified. */
  queue: { size: number; oldestVerifiedAt: number | null }
}

/**
 * `await-signatures`: the batch in flight still has time for its quorum. `refuse`: it had its time; refused, its
 * messages go back to the queue (`BATCH_QUORUM_TIMEOUT`). `seal`: propose the queue as the next batch. `hold`: a
 * short queue waits for the previous batch to settle. `idle`: nothing due.
 */
export type SealDecision = 'await-signatures' | 'refuse' | 'seal' | 'hold' | 'idle'

/**
 * How long a proposed batch may wait for its quorum before the proposer gives its messages back: the co-sign
 * deadline (past it every co-signer has signed or refused) and a grace for the last signatures to arrive and for
 * clocks that differ by a few seconds. It was twice the deadline: under load, where a co-signer's verifier lags
 * and the deadline refusal is what happens, every refused batch cost its destination a second idle deadline.
 */
export const quorumTimeoutMsOf = (cosignDeadlineMs: number): number =>
  cosignDeadlineMs + Math.max(5_000, Math.ceil(cosignDeadlineMs / 4))

/**
 * The proposer's decision for one destination. A batch in flight blocks the next one until it reaches its quorum
 * or times out, and a timeout always ends in a refusal, so a destination never waits longer than the quorum
 * timeout for its next proposal. Otherwise the queue seals when it is full or its oldest message is `maxAgeMs`
 * old: a trickle that never fills a batch still seals by age, and a queue kept full by steady traffic seals every
 * step. The queue is read only when no batch is in flight; it does not count then.
 *
 * Backpressure from the chain: every batch costs the settler one transaction, mined and followed in order, so
 * batches sealed by age faster than the settler lands them queued up without bound (the devnet's BSC stand-in,
 * at 10 msgs/s: a few messages per batch every half second against one settlement every few seconds). While
 * `maxSettling` batches have their quorum and are not settled (one being settled, the next waiting its turn), a
 * queue shorter than a batch holds and grows instead; a full queue still seals (full batches are what the settler
 * should get), and no message holds longer than `maxHoldMs`. One batch waiting beside the one being settled keeps
 * co-signing the next and settling the last overlapped (holding at one cost the benchmark its p99).
 *
 * @example
 * decideSeal({ now: 10_000, inFlight: undefined, settling: 0, queue: { size: 3, oldestVerifiedAt: 9_000 } }) // 'seal'
 */
export function decideSeal(state: SealState, options: SealOptions = defaultSealOptions): SealDecision {
  if (state.inFlight)
    return state.now - state.inFlight.proposedAt < quorumTimeoutMsOf(options.cosignDeadlineMs)
      ? 'await-signatures'
      : 'refuse'
  const { size, oldestVerifiedAt } = state.queue
  if (size === 0) return 'idle'
  if (size >= options.maxMessages) return 'seal'
  if (oldestVerifiedAt === null) return 'idle'
  const waited = state.now - oldestVerifiedAt
  if (waited < options.maxAgeMs) return 'idle'
  return state.settling >= options.maxSettling && waited < options.maxHoldMs ? 'hold' : 'seal'
}
