// `@relaymesh/sdk/api`: the client, its error, the relayer API's shapes and the actions that only read (or
// administer) the relayer API, for clients that must start fast, such as the operator CLI. Nothing here loads viem
// or a chain client at run time. The package's main entry re-exports all of it.

// Client
export { createBridgeClient, DEFAULT_API_TIMEOUT_MS } from './createBridgeClient.js'
export type {
  BridgeApiClient,
  BridgeApiConfig,
  BridgeChainConfig,
  BridgeClient,
  CreateBridgeClientParameters,
} from './createBridgeClient.js'

// Errors
export { BridgeSdkError } from './BridgeSdkError.js'
export type { BridgeSdkErrorCode } from './BridgeSdkError.js'

// Relayer API shapes
export type {
  BatchHeaderView,
  BatchState,
  BatchStatus,
  DecimalString,
  ExecutionProof,
  IsoTime,
  MessagePage,
  MessageState,
  MessageStatus,
  MessageSummary,
  RejectedClaimStatus,
  RejectionView,
  Verification,
} from './ApiTypes.js'
export type {
  ApiErrorBody,
  ApiStats,
  BatchList,
  BatchSummary,
  ChainRelayers,
  Equivocations,
  Liveness,
  MessagesBySourceTx,
  Readiness,
  RelayerSets,
  RetryResult,
  RouteStates,
  RouteStateView,
  SignedCommitmentJson,
  StateCounts,
} from './OperatorApiTypes.js'

// Reading a message or a batch
export { getMessage } from './actions/getMessage.js'
export type { GetMessageErrorType, GetMessageParameters, GetMessageReturnType } from './actions/getMessage.js'
export { getBatch } from './actions/getBatch.js'
export type { GetBatchErrorType, GetBatchParameters, GetBatchReturnType } from './actions/getBatch.js'

// Operating a relayer: stats, listings, health, admin
export { getStats } from './actions/getStats.js'
export type { GetStatsErrorType, GetStatsParameters, GetStatsReturnType } from './actions/getStats.js'
export { getLiveness } from './actions/getLiveness.js'
export type { GetLivenessErrorType } from './actions/getLiveness.js'
export { getReadiness } from './actions/getReadiness.js'
export type { GetReadinessErrorType } from './actions/getReadiness.js'
export { getMetricsText } from './actions/getMetricsText.js'
export type { GetMetricsTextErrorType } from './actions/getMetricsText.js'
export { getMessagesBySourceTx } from './actions/getMessagesBySourceTx.js'
export type {
  GetMessagesBySourceTxErrorType,
  GetMessagesBySourceTxParameters,
} from './actions/getMessagesBySourceTx.js'
export { listMessages } from './actions/listMessages.js'
export type { ListMessagesErrorType, ListMessagesParameters } from './actions/listMessages.js'
export { listBatches } from './actions/listBatches.js'
export type { ListBatchesErrorType, ListBatchesParameters } from './actions/listBatches.js'
export { getRelayers } from './actions/getRelayers.js'
export type { GetRelayersErrorType } from './actions/getRelayers.js'
export { retryMessage } from './actions/retryMessage.js'
export type { RetryMessageErrorType, RetryMessageParameters } from './actions/retryMessage.js'
export { setRoutePaused } from './actions/setRoutePaused.js'
export type { SetRoutePausedErrorType, SetRoutePausedParameters } from './actions/setRoutePaused.js'
export { getRouteStates } from './actions/getRouteStates.js'
export type { GetRouteStatesErrorType } from './actions/getRouteStates.js'
