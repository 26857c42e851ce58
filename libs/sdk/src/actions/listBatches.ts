import type { BatchState } from '../ApiTypes.js'
import type { BridgeSdkError } from '../BridgeSdkError.js'
import type { BridgeApiClient } from '../createBridgeClient.js'
import { apiJson, type ApiCallOptions } from '../internal/apiRequest.js'
import type { BatchList } from '../OperatorApiTypes.js'
import { queryString } from './listMessages.js'

/**
 * Parameters of `listBatches`.
 *
 * @example
 * const parameters: ListBatchesParameters = { destination: 56, state: 'proposed', limit: 10 }
 */
export type ListBatchesParameters = ApiCallOptions & {
  destination?: number | undefined
  state?: BatchState | undefined
  limit?: number | undefined
  /** `nextCursor` of the previous page. */
  cursor?: string | undefined
}

/**
 * Errors of `listBatches`.
 *
 * @example
 * if ((error as ListBatchesErrorType).meta.apiCode === 'INVALID_QUERY') …
 */
export type ListBatchesErrorType = BridgeSdkError<'API_UNREACHABLE' | 'API_BAD_RESPONSE' | 'API_ERROR'>

/**
 * One page of `GET /v1/batches`: by destination, then index, both descending.
 *
 * @throws {ListBatchesErrorType}
 * @example
 * const { batches } = await listBatches(client, { destination: 56, state: 'proposed' })
 */
export function listBatches(client: BridgeApiClient, parameters: ListBatchesParameters = {}): Promise<BatchList> {
  const { signal, ...query } = parameters
  return apiJson<BatchList>(client, `/v1/batches${queryString(query)}`, { signal })
}
