import type {
  AssignBatchParameters,
  CheckBatchMembersParameters,
  CheckBatchMembersReturnType,
  ExecutedTraceRecord,
  ListBatchTraceparentsParameters,
  ListExecutedTracesParameters,
  ListFailedByTxParameters,
  ListMessageAttemptsParameters,
  MarkMessagesExecutedParameters,
  MarkMessagesFailedParameters,
  MessageAttemptsRecord,
  MessageTraceRecord,
  RefuseBatchParameters,
  RejectionInput,
  SettleBatchParameters,
  SettleBatchReturnType,
  TransitionBatchParameters,
  TransitionMessagesReturnType,
} from '@relaymesh/store'
import type { BatchRow } from '../batch/BatchRow.js'

/**
 * What the inbox follower reads and writes in the relayer's database: the store's calls it makes, without the
 * handle, so a test can hold the state in memory (`createFollowerStore` is the Postgres one). Writes throw the
 * store's errors (`ILLEGAL_TRANSITION` when a batch is no longer in a state it may leave).
 */
export type FollowerStore = {
  /** The block the follower of `chain` applied everything up to; null before its first step. */
  getInboxFollowerCursor(chain: number): Promise<bigint | null>
  setInboxFollowerCursor(parameters: { chain: number; blockNumber: bigint; blockHash: Uint8Array }): Promise<void>
  findBatch(parameters: { destination: number; batchIndex: bigint }): Promise<BatchRow | null>
  transitionBatch(parameters: TransitionBatchParameters): Promise<void>
  refuseBatch(parameters: RefuseBatchParameters): Promise<unknown>
  settleBatch(parameters: SettleBatchParameters): Promise<SettleBatchReturnType>
  checkBatchMembers(parameters: CheckBatchMembersParameters): Promise<CheckBatchMembersReturnType>
  assignBatch(parameters: AssignBatchParameters): Promise<void>
  recordRejections(rows: readonly RejectionInput[]): Promise<unknown>
  listBatchTraceparents(parameters: ListBatchTraceparentsParameters): Promise<MessageTraceRecord[]>
  markMessagesExecuted(parameters: MarkMessagesExecutedParameters): Promise<TransitionMessagesReturnType>
  listExecutedTraces(parameters: ListExecutedTracesParameters): Promise<ExecutedTraceRecord[]>
  listFailedByTx(parameters: ListFailedByTxParameters): Promise<Uint8Array[]>
  markMessagesFailed(parameters: MarkMessagesFailedParameters): Promise<TransitionMessagesReturnType>
  listMessageAttempts(parameters: ListMessageAttemptsParameters): Promise<MessageAttemptsRecord[]>
}
