import type { Address, Hex } from 'viem'
import type { BatchHeader } from '../batch/batchHeader.js'

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
