import type { BatchProposal } from './BatchProposal.js'

/**
 * `Nats-Msg-Id` of a proposal: a republish of the same proposal (after a restart) is deduplicated. The proposal
 * time is part of it because a batch refused for want of a quorum is proposed again with the same header, and
 * hence the same hash, when its messages are the same: the stream's two-hour duplicate window would drop that
 * new proposal, and the destination would wait for a quorum that no co-signer is ever asked for.
 */
export const proposalMsgId = (p: BatchProposal) =>
  `proposal:${p.header.destination}:${p.header.batchIndex}:${p.batchHash}:${p.proposedAt}`
