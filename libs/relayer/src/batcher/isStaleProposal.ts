/**
 * Whether a proposal is an older one at an index where this co-signer has already seen a newer proposal (by the
 * proposer's `proposedAt`). The proposer proposes again at an index only after refusing the batch there, and a
 * refused batch never comes back, so the newest proposal at an index is the only one that can still settle. A
 * redelivery of the older one (its naks back off for seconds while this relayer's verifier catches up) must not
 * supersede the newer batch recorded here: it would release that batch's messages and sign a batch the proposer no
 * longer holds. With several batches in flight per destination a refusal replaces each of them, so this happens for
 * every index of the refused run.
 *
 * @example
 * isStaleProposal({ newestSeenAt: 2_000, proposedAt: 1_000 }) // true: skipped, nothing signed
 */
export function isStaleProposal(p: { newestSeenAt: number | undefined; proposedAt: number }): boolean {
  return p.newestSeenAt !== undefined && p.proposedAt < p.newestSeenAt
}
