import type { RetryBackoff } from '@relaymesh/bus'

/**
 * Re-deliveries of a proposal this relayer cannot sign yet because its verifier is behind the proposer's: the
 * first re-check comes a quarter second later, then at growing intervals capped at an eighth of the deadline.
 * The co-signer signs within a fraction of a second of catching up (not at the next of a few long naks; one
 * batch in flight per destination makes that wait the destination's), and with `PROPOSALS_MAX_DELIVER` (the bus
 * catalogue's) deliveries a re-check still lands after the deadline, where the proposal is refused.
 */
export function proposalRetryBackoff(cosignDeadlineMs: number): RetryBackoff {
  return { initialMs: 250, factor: 1.5, maxMs: Math.max(1_000, Math.ceil(cosignDeadlineMs / 8)) }
}
