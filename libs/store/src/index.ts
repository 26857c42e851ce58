/**
 * `@relaymesh/store`: one relayer's Postgres state. Every function takes the
 * `db` from `createDb` first; hot paths are single bulk statements.
 */
export { createDb, type StoreDb, type CreateDbParameters, type CreateDbReturnType } from './createDb.js'
export { withLibpqSslSemantics } from './withLibpqSslSemantics.js'
export { acquireSignerLease } from './acquireSignerLease.js'
export { getAttestation, nearestAttestation, recordAttestation } from './recordAttestation.js'
export type { AttestationRecord, RecordAttestationParameters } from './recordAttestation.js'
export { countEquivocations, listEquivocations, recordObservedCommitment } from './recordObservedCommitment.js'
export type {
  ObservedCommitmentRecord,
  RecordObservedCommitmentParameters,
  StoredEquivocation,
} from './recordObservedCommitment.js'
export type { AcquireSignerLeaseParameters, AcquireSignerLeaseReturnType, SignerLease } from './acquireSignerLease.js'
export { waitForDatabase, type WaitForDatabaseParameters } from './waitForDatabase.js'
export { pingDatabase } from './pingDatabase.js'
export { migrate, MIGRATIONS_FOLDER, MIGRATION_LOCK_KEY, type MigrateParameters } from './migrate.js'
export { StoreError, STORE_ERROR_ACTIONS, type StoreErrorCode } from './StoreError.js'
export {
  MESSAGE_STATES,
  MESSAGE_TRANSITIONS,
  INITIAL_MESSAGE_STATES,
  VERIFICATIONS,
  allowedFromStates,
  assertTransition,
  canTransition,
  type MessageState,
  type InitialMessageState,
  type Verification,
} from './messageStates.js'
export {
  BATCH_STATES,
  BATCH_TRANSITIONS,
  allowedBatchFromStates,
  assertBatchTransition,
  type BatchState,
} from './batchStates.js'
export {
  OUTGOING_TX_KINDS,
  OUTGOING_TX_STATES,
  OUTGOING_TX_TRANSITIONS,
  assertOutgoingTxTransition,
  type OutgoingTxKind,
  type OutgoingTxState,
} from './outgoingTxStates.js'
export { SOURCE_BLOCK_STATES, type SourceBlockState } from './schema/sourceBlocks.js'

export {
  insertBundle,
  type BundleMessageColumns,
  type InsertBundleParameters,
  type InsertBundleReturnType,
  type BundleBlock,
  type BundleMessage,
  type BundleRejection,
} from './insertBundle.js'
export { recordRejections, type RejectionInput } from './recordRejections.js'
export {
  transitionMessages,
  type TransitionMessagesParameters,
  type TransitionMessagesReturnType,
} from './transitionMessages.js'
export { markMessagesExecuted, type MarkMessagesExecutedParameters } from './markMessagesExecuted.js'
export { markMessagesFailed, type MarkMessagesFailedParameters } from './markMessagesFailed.js'
export { getMessage, type MessageRecord } from './getMessage.js'
export { getMessagesBySourceTx } from './getMessagesBySourceTx.js'
export { getRejectionsByMessageId, type RejectionRecord } from './getRejectionsByMessageId.js'
export { countMessagesByState } from './countMessagesByState.js'
export { readMessageCounts, type MessageCount } from './readMessageCounts.js'
export { getHopLatency, type HopLatency, type Hop } from './getHopLatency.js'
export { getQuorumWait, type QuorumWait } from './getQuorumWait.js'
export { listObservedAt } from './listObservedAt.js'
export {
  listMessages,
  type ListMessagesParameters,
  type ListMessagesReturnType,
  type MessageListPosition,
} from './listMessages.js'
export { retryFailedMessages, type RetryFailedMessagesParameters } from './retryFailedMessages.js'
export { storedFromBlock, type StoredFromBlockParameters } from './storedFromBlock.js'
export {
  listRefusedBundleClaims,
  type ListRefusedBundleClaimsParameters,
  type ListRefusedBundleClaimsReturnType,
  type RefusedBundleClaim,
} from './listRefusedBundleClaims.js'
export {
  listRefusedBlocks,
  type ListRefusedBlocksParameters,
  type ListRefusedBlocksReturnType,
  type RefusedBlock,
} from './listRefusedBlocks.js'
export { pauseRoute, resumeRoute, listRoutes, type RouteKey, type RouteState } from './routePauses.js'

export { listUnbatchedMessages, type ListUnbatchedMessagesParameters } from './listUnbatchedMessages.js'
export { assignBatch, type AssignBatchParameters } from './assignBatch.js'
export {
  checkBatchMembers,
  type CheckBatchMembersParameters,
  type CheckBatchMembersReturnType,
} from './checkBatchMembers.js'
export { transitionBatch, type TransitionBatchParameters } from './transitionBatch.js'
export { settleBatch, type SettleBatchParameters, type SettleBatchReturnType } from './settleBatch.js'
export {
  PREDECESSOR_REFUSED,
  refuseBatch,
  type RefuseBatchParameters,
  type RefuseBatchReturnType,
} from './refuseBatch.js'
export { storeBatchSignatures, type StoreBatchSignaturesParameters } from './storeBatchSignatures.js'
export { getBatch, type BatchRecord, type GetBatchParameters } from './getBatch.js'
export { getBatchMessageIds, type GetBatchMessageIdsParameters } from './getBatchMessageIds.js'
export {
  listBatches,
  type ListBatchesParameters,
  type ListBatchesReturnType,
  type BatchListPosition,
  type BatchSummaryRecord,
} from './listBatches.js'
export { type BatchHeadRecord } from './BatchHeadRecord.js'
export { getLatestBatch, type GetLatestBatchParameters } from './getLatestBatch.js'
export { getReopenedBatch, type GetReopenedBatchParameters } from './getReopenedBatch.js'
export { listBatchesInState, type ListBatchesInStateParameters } from './listBatchesInState.js'
export { findUnknownMessageIds } from './findUnknownMessageIds.js'
export {
  listStaleUnbatchedBlocks,
  type ListStaleUnbatchedBlocksParameters,
  type StaleUnbatchedBlock,
} from './listStaleUnbatchedBlocks.js'
export { getOldestUnbatchedAt, type GetOldestUnbatchedAtParameters } from './getOldestUnbatchedAt.js'
export { type MessageTraceRecord } from './MessageTraceRecord.js'
export { listMessageTraceparents, type ListMessageTraceparentsParameters } from './listMessageTraceparents.js'
export { listBatchTraceparents, type ListBatchTraceparentsParameters } from './listBatchTraceparents.js'
export { type StoredMessageRow } from './StoredMessageRow.js'
export { listBatchMessages, type ListBatchMessagesParameters } from './listBatchMessages.js'
export {
  listExecutableMessages,
  type ListExecutableMessagesParameters,
  type ExecutableMessagesParameters,
  type ExecutableMessageRow,
} from './listExecutableMessages.js'
export { getSettlementWaits, type GetSettlementWaitsParameters, type SettlementWaits } from './getSettlementWaits.js'
export {
  listExecutedTraces,
  type ListExecutedTracesParameters,
  type ExecutedTraceRecord,
} from './listExecutedTraces.js'
export { listFailedByTx, type ListFailedByTxParameters } from './listFailedByTx.js'
export {
  listMessageAttempts,
  type ListMessageAttemptsParameters,
  type MessageAttemptsRecord,
} from './listMessageAttempts.js'

export { getCursor, type ChainCursor, type GetCursorParameters } from './getCursor.js'
export { setCursor, type SetCursorParameters } from './setCursor.js'
export { insertOutgoingTx, type InsertOutgoingTxParameters, type OutgoingTx } from './insertOutgoingTx.js'
export { updateOutgoingTx, type UpdateOutgoingTxParameters } from './updateOutgoingTx.js'
export { listPendingOutgoingTxs, type ListPendingOutgoingTxsParameters } from './listPendingOutgoingTxs.js'
export { listReplacedOutgoingTxs, type ListReplacedOutgoingTxsParameters } from './listReplacedOutgoingTxs.js'
export {
  appendFinalityState,
  getFinalityState,
  getFinalityVersion,
  putFinalityState,
  type AppendFinalityStateParameters,
  type FinalityStateRecord,
  type GetFinalityStateParameters,
  type PutFinalityStateParameters,
} from './finalityStates.js'
