export type SealOptions = {
  /** A queue this long seals at once. */
  maxMessages: number
  /** A queue whose oldest message was verified this long ago seals, however short. */
  maxAgeMs: number
  /** How long a co-signer may wait for its own verifier before refusing (sets the proposer's quorum timeout). */
  cosignDeadlineMs: number
  /**
   * Batches of one destination that may wait for their quorum at once. Co-signers sign each batch as soon as their
   * own verifier has its messages, so while one batch waits the next ones are already proposed and signed in turn
   * (the settler submits them in index order); with one, a destination's throughput was one batch per quorum
   * round trip, 7-34 s under load.
   */
  maxInFlight: number
}

/** The batch settings' defaults (`batch.maxMessages`, `batch.maxAgeMs`, `batch.cosignDeadlineMs`). */
export const defaultSealOptions: SealOptions = {
  maxMessages: 1_000,
  maxAgeMs: 500,
  cosignDeadlineMs: 30_000,
  maxInFlight: 4,
}

/** What the proposer of one destination read before a step. Times are this relayer's clock, in ms. */
export type SealState = {
  now: number
  /** The destination's batches still `proposed` short of their quorum: how many, and when the oldest was proposed. */
  inFlight: { count: number; oldestProposedAt: number } | undefined
  /** Verified messages waiting to be batched (counted up to the next batch's size) and when the oldest was verified. */
  queue: { size: number; oldestVerifiedAt: number | null }
}

/**
 * `await-signatures`: `maxInFlight` batches wait for their quorum, the oldest still in time. `refuse`: the oldest had
 * its time; refused (with every later batch chained on it), its messages go back to the queue
 * (`BATCH_QUORUM_TIMEOUT`). `seal`: propose the queue as the next batch. `idle`: nothing due.
 */
export type SealDecision = 'await-signatures' | 'refuse' | 'seal' | 'idle'

/**
 * How long a proposed batch may wait for its quorum before the proposer gives its messages back: the co-sign
 * deadline (past it every co-signer has signed or refused) and a grace for the last signatures to arrive and for
 * clocks that differ by a few seconds. It was twice the deadline: under load, where a co-signer's verifier lags
 * and the deadline refusal is what happens, every refused batch cost its destination a second idle deadline.
 */
export const quorumTimeoutMsOf = (cosignDeadlineMs: number): number =>
  cosignDeadlineMs + Math.max(5_000, Math.ceil(cosignDeadlineMs / 4))

/**
 * The proposer's decision for one destination. Up to `maxInFlight` batches wait for their quorum at once; the
 * oldest that times out is refused (its successors with it: they chain on it), so a destination never waits longer
 * than the quorum timeout for a proposal that can settle. Otherwise the queue seals when it is full or its oldest
 * message is `maxAgeMs` old: a trickle that never fills a batch still seals by age, and a queue kept full by steady
 * traffic seals every step while batches are in flight. The queue does not count when the in-flight batches decide.
 *
 * @example
 * decideSeal({ now: 10_000, inFlight: undefined, queue: { size: 3, oldestVerifiedAt: 9_000 } }, defaultSealOptions) // 'seal'
 */
export function decideSeal(state: SealState, options: SealOptions = defaultSealOptions): SealDecision {
  const { inFlight } = state
  if (inFlight && inFlight.count > 0) {
    if (state.now - inFlight.oldestProposedAt >= quorumTimeoutMsOf(options.cosignDeadlineMs)) return 'refuse'
    if (inFlight.count >= options.maxInFlight) return 'await-signatures'
  }
  const { size, oldestVerifiedAt } = state.queue
  if (size === 0) return 'idle'
  if (size >= options.maxMessages) return 'seal'
  return oldestVerifiedAt !== null && state.now - oldestVerifiedAt >= options.maxAgeMs ? 'seal' : 'idle'
}
