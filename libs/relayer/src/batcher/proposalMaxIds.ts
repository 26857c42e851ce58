import { BATCH_PROPOSAL_WIRE } from './BatchProposalWire.js'

/** Room left for a proposal's NATS headers (codec, msg-id, trace context): a few hundred bytes in practice. */
const HEADER_ALLOWANCE = 1_024

/**
 * The most ids one proposal can carry on a bus whose server takes `maxPayload` bytes per message (headers included):
 * 32 bytes per id after the fixed fields, a traceparent of the longest allowed and the headers' allowance, and never
 * more than the wire's `maxIds`. The proposer seals no bigger batch, so a large `batch.maxMessages` never makes a
 * proposal the server refuses (1 MiB, the NATS default, takes 32,725 ids).
 *
 * @example
 * const limit = Math.min(nextBatchLimit(latest, config.batch.maxMessages), proposalMaxIds(ctx.bus.maxPayload))
 */
export function proposalMaxIds(maxPayload: number): number {
  const fixed = BATCH_PROPOSAL_WIRE.headBytes + 1 + BATCH_PROPOSAL_WIRE.traceparentChars + 4 + HEADER_ALLOWANCE
  return Math.max(1, Math.min(BATCH_PROPOSAL_WIRE.maxIds, Math.floor((maxPayload - fixed) / 32)))
}
