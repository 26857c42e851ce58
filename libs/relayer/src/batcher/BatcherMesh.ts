import type { BatchProposal } from './BatchProposal.js'
import type { BatchSignature } from './BatchSignature.js'

/**
 * What the batcher publishes on the mesh. `createBatcherMesh` is the NATS one; a test passes one that keeps what
 * was published.
 */
export type BatcherMesh = {
  /** Largest message the bus takes, in bytes (bounds a proposal's ids). */
  maxPayload: number
  /** Publishes on `mesh.proposals.<dest>.<relayer>`, deduplicated by `proposal:<dest>:<index>:<hash>`. */
  publishProposal(proposal: BatchProposal): Promise<void>
  /** Publishes a co-signature of `proposal` on `mesh.signatures.<dest>.<relayer>`. */
  publishSignature(signature: BatchSignature, proposal: BatchProposal): Promise<void>
}
