import type { BatchProposal } from './BatchProposal.js'
import type { BatchSignature } from './BatchSignature.js'

/**
 * `Nats-Msg-Id` of a co-signature: the redelivered proposal's signature is deduplicated, the signature of a proposal
 * made again is not. Like `proposalMsgId`, it carries the proposal time: a 1-message batch refused at its quorum
 * timeout is proposed again with the same hash, and a co-signer that had signed it (its signature came too late, or
 * reached a proposer that had just refused the batch) signs again; without the time, that signature was dropped
 * inside the two-hour window, and the proposer never reached a quorum on that destination again.
 */
export const signatureMsgId = (s: BatchSignature, proposal: Pick<BatchProposal, 'proposedAt'>) =>
  `signature:${s.destination}:${s.batchIndex}:${s.batchHash}:${s.signer}:${proposal.proposedAt}`
