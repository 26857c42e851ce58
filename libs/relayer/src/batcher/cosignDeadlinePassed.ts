export type CosignDeadlineParameters = {
  /** This relayer's clock (ms). */
  now: number
  /** The proposer's clock when it proposed (ms). */
  proposedAt: number
  /** This relayer's clock when it first saw this proposal (ms). */
  firstSeenAt: number
  deadlineMs: number
  maxClockSkewMs: number
}

/**
 * Whether a co-signer stops waiting for its own verifier and refuses a proposal. It measures the wait on its own
 * clock from when it first saw the proposal, so a proposer whose clock runs a few seconds ahead or behind neither
 * shortens nor stretches the wait; a proposal older than the deadline plus the tolerated skew by the proposer's own
 * clock (a replay, or one seen again after a restart) is refused at once.
 *
 * @example
 * cosignDeadlinePassed({
 *   now: 40_000,
 *   proposedAt: 45_000,
 *   firstSeenAt: 20_000,
 *   deadlineMs: 30_000,
 *   maxClockSkewMs: 10_000,
 * }) // false: waited 20 s here
 */
export function cosignDeadlinePassed(p: CosignDeadlineParameters): boolean {
  return p.now - p.firstSeenAt >= p.deadlineMs || p.now - p.proposedAt >= p.deadlineMs + p.maxClockSkewMs
}
