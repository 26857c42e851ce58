import type {
  BatchRecord,
  CheckBatchMembersParameters,
  CheckBatchMembersReturnType,
  RefuseBatchParameters,
  RejectionInput,
} from '@relaymesh/store'
import type { BatchProposal } from './BatchProposal.js'
import type { BatchSignature } from './BatchSignature.js'
import type { BatchRow } from '../batch/BatchRow.js'
import type { MessageTrace } from '../batch/MessageTrace.js'

/** A destination's batch at one index. */
export type BatchAt = { destination: number; batchIndex: bigint }

/**
 * What the batcher reads and writes in the relayer's database. `createBatcherStore` is the Postgres one; a test
 * passes an in-memory one (`testing/createInMemoryBatcher.ts`).
 */
export type BatcherStore = {
  /** The destination's highest batch. */
  latestBatch(destination: number): Promise<BatchRow | null>
  /** After refusals: the first refused batch above the last live one (`getReopenedBatch`). */
  reopenedBatch(destination: number): Promise<BatchRow | null>
  findBatch(at: BatchAt): Promise<BatchRow | null>
  /** The batch's state and the signatures it holds, or null. */
  getBatchSignatures(at: BatchAt): Promise<Pick<BatchRecord, 'state' | 'signatures'> | null>
  getBatchMessageIds(at: BatchAt): Promise<Uint8Array[]>
  /**
   * Verified messages of the destination not in a batch, oldest first, at most `limit`, verified at least `holdbackMs`
   * ago.
   */
  listUnbatchedMessages(p: { destination: number; limit: number; holdbackMs?: number }): Promise<Uint8Array[]>
  getOldestUnbatchedAt(destination: number): Promise<Date | null>
  traceparentsOf(ids: readonly Uint8Array[]): Promise<MessageTrace[]>
  checkBatchMembers(p: CheckBatchMembersParameters): Promise<CheckBatchMembersReturnType>
  /**
   * Records a proposal as this relayer's batch with the proposer's signature.
   *
   * @throws `BATCH_CONFLICT` when another batch holds the index or some ids, `BATCH_CHAIN_MISMATCH` when the
   *   previous batch is not recorded here.
   */
  recordProposal(proposal: BatchProposal): Promise<void>
  /** Stores a co-signature, only while the batch still has the signature's batch hash. */
  storeSignature(signature: BatchSignature): Promise<void>
  /** @throws `ILLEGAL_TRANSITION` when the batch is not `proposed` any more. */
  promoteBatch(at: BatchAt): Promise<void>
  refuseBatch(p: RefuseBatchParameters): Promise<void>
  recordRejections(rows: RejectionInput[]): Promise<void>
}
