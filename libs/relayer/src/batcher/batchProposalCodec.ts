import type { BusCodec } from '@relaymesh/bus'
import type { BatchProposal } from './BatchProposal.js'
import { BATCH_PROPOSAL_WIRE } from './BatchProposalWire.js'
import { decodeBatchProposal } from './decodeBatchProposal.js'
import { encodeBatchProposal } from './encodeBatchProposal.js'

/**
 * The bus codec of a batch proposal, in its binary form (`BatchProposalWire.ts`). A payload that does not decode is
 * dead-lettered by `consume` with `BUS_DECODE_FAILED` and recorded as a rejection: it never reaches the co-signer.
 *
 * @example
 * await publish(bus, catalogue.subjects.proposals('31356'), proposal, {
 *   codec: batchProposalCodec,
 *   msgId: proposalMsgId(proposal),
 * })
 */
export const batchProposalCodec: BusCodec<BatchProposal> = {
  contentType: BATCH_PROPOSAL_WIRE.contentType,
  encode: encodeBatchProposal,
  decode: decodeBatchProposal,
}
