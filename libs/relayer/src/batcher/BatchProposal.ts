import { createJsonCodec, type BusCodec } from '@relaymesh/bus'
import { getAddress, type Address, type Hex } from 'viem'
import { z } from 'zod'
import type { BatchHeader } from '../batch/batchHeader.js'

// reason: the regex proves the template type
const hex32 = z.string().regex(/^0x[0-9a-f]{64}$/, 'expected 32 bytes of lower-case hex') as z.ZodType<Hex>
// reason: as above
const signatureHex = z.string().regex(/^0x[0-9a-fA-F]{130}$/, 'expected a 65-byte signature') as z.ZodType<Hex>
const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/)
  .transform((a) => getAddress(a))
const uint32 = z.number().int().min(0).max(0xffffffff)

/**
 * A proposer's batch on `mesh.proposals.<dest>.<relayer>`: the header, its leaves (so
 * every co-signer recomputes the root) and the proposer's EIP-712 signature. On the bus it is binary
 * (`BatchProposalWire.ts`); in the process the ids stay bytes, the header's hashes hex (the EIP-712 signing takes hex).
 */
export type BatchProposal = {
  header: BatchHeader
  batchHash: Hex
  /** Message ids in leaf order, 32 bytes each (decoded: views into the received payload). */
  ids: readonly Uint8Array[]
  proposer: Address
  signature: Hex
  /** Proposer's clock (ms): co-signers wait for their verifier until `proposedAt + cosignDeadlineMs`. */
  proposedAt: number
  /** The `relaymesh.batch` span. */
  traceparent?: string | undefined
}

/** A co-signer's signature on `mesh.signatures.<dest>.<relayer>`. */
export type BatchSignature = {
  destination: number
  batchIndex: bigint
  batchHash: Hex
  signer: Address
  signature: Hex
}

const signatureSchema = z.object({
  destination: uint32,
  batchIndex: z
    .string()
    .regex(/^\d{1,20}$/)
    .transform(BigInt),
  batchHash: hex32,
  signer: address,
  signature: signatureHex,
})

export const batchSignatureCodec: BusCodec<BatchSignature> = createJsonCodec({
  contentType: 'application/vnd.relaymesh.batch-signature+json;v=1',
  parse: (raw) => signatureSchema.parse(raw),
})

/**
 * `Nats-Msg-Id` of a proposal: a republish of the same proposal (after a restart) is deduplicated. The proposal
 * time is part of it because a batch refused for want of a quorum is proposed again with the same header, and
 * hence the same hash, when its messages are the same: the stream's two-hour duplicate window would drop that
 * new proposal, and the destination would wait for a quorum that no co-signer is ever asked for.
 */
export const proposalMsgId = (p: BatchProposal) =>
  `proposal:${p.header.destination}:${p.header.batchIndex}:${p.batchHash}:${p.proposedAt}`
/**
 * `Nats-Msg-Id` of a co-signature: the redelivered proposal's signature is deduplicated, the signature of a proposal
 * made again is not. Like `proposalMsgId`, it carries the proposal time: a 1-message batch refused at its quorum
 * timeout is proposed again with the same hash, and a co-signer that had signed it (its signature came too late, or
 * reached a proposer that had just refused the batch) signs again; without the time, that signature was dropped
 * inside the two-hour window, and the proposer never reached a quorum on that destination again.
 */
export const signatureMsgId = (s: BatchSignature, proposal: Pick<BatchProposal, 'proposedAt'>) =>
  `signature:${s.destination}:${s.batchIndex}:${s.batchHash}:${s.signer}:${proposal.proposedAt}`
