import type {
  BatchState,
  ExecutableMessageRow,
  GetBatchMessageIdsParameters,
  GetSettlementWaitsParameters,
  ListBatchMessagesParameters,
  ListExecutableMessagesParameters,
  MarkMessagesFailedParameters,
  RefuseBatchParameters,
  SettlementWaits,
  StoredMessageRow,
  TransitionBatchParameters,
} from '@relaymesh/store'
import type { BatchRow } from '../batch/BatchRow.js'

/**
 * What the settler reads and writes in the relayer's database: the store's calls it makes, without the handle, so a
 * test can hold the state in memory (`createSettlerStore` is the Postgres one). Writes throw the store's errors
 * (`ILLEGAL_TRANSITION` when a batch is no longer in a state it may leave).
 */
export type SettlerStore = {
  /** Batches of `destination` in `state`, lowest index first. */
  listBatches(parameters: { destination: number; state: BatchState; limit: number }): Promise<BatchRow[]>
  findBatch(parameters: { destination: number; batchIndex: bigint }): Promise<BatchRow | null>
  getBatchMessageIds(parameters: GetBatchMessageIdsParameters): Promise<Uint8Array[]>
  /** The batch's co-signatures in ascending signer order (the order the inbox wants). */
  getBatchSignatures(parameters: { destination: number; batchIndex: bigint }): Promise<Uint8Array[]>
  listBatchMessages(parameters: ListBatchMessagesParameters): Promise<(StoredMessageRow & { leaf_index: number })[]>
  listExecutableMessages(parameters: ListExecutableMessagesParameters): Promise<ExecutableMessageRow[]>
  getSettlementWaits(parameters: GetSettlementWaitsParameters): Promise<SettlementWaits>
  transitionBatch(parameters: TransitionBatchParameters): Promise<void>
  refuseBatch(parameters: RefuseBatchParameters): Promise<unknown>
  markMessagesFailed(parameters: MarkMessagesFailedParameters): Promise<unknown>
  /** The block the inbox follower of `chain` has applied everything up to, or undefined before its first step. */
  getInboxFollowerCursor(chain: number): Promise<bigint | undefined>
}
