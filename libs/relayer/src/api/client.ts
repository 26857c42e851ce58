/**
 * `@relaymesh/relayer/api-client`: the typed fetch helpers of the relayer API
 * alone, for clients that must start fast (the CLI's operator commands): it
 * loads none of the pipeline, the store or the chain clients.
 */
export {
  getMessageStatus, getMessagesBySourceTx, getBatchStatus, getStats, getReadiness, getLiveness, getMetricsText,
  ApiClientError, type ApiTarget, type ApiRequestOptions, type ApiAdminOptions,
} from './ApiClient.js'
export {
  listMessages as listApiMessages, listBatches as listApiBatches, getRelayers, retryMessage, setRoutePaused, getRouteStates,
  type ListMessagesQuery, type ListBatchesQuery,
} from './ApiListClient.js'
export type {
  ApiStats, BatchHeaderView, BatchStatus, ExecutionProof, Liveness, MessageStatus, MessagesBySourceTx,
  MessageSummary, Readiness, RejectionView, RejectedClaimStatus, StateCounts, ApiErrorBody, DecimalString, IsoTime,
  MessageList, BatchSummary, BatchList, RouteStateView, RouteStates, RetryResult, ChainRelayers, RelayerSets,
} from './ApiResponses.js'
