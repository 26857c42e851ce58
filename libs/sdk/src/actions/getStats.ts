import type { BridgeSdkError } from '../BridgeSdkError.js'
import type { BridgeApiClient } from '../createBridgeClient.js'
import { apiJson, type ApiCallOptions } from '../internal/apiRequest.js'
import type { ApiStats } from '../OperatorApiTypes.js'

/**
 * Parameters of `getStats`.
 *
 * @example
 * const parameters: GetStatsParameters = { signal: AbortSignal.timeout(2_000) }
 */
export type GetStatsParameters = ApiCallOptions

/**
 * Message counts per state: in total, per destination and per route.
 *
 * @example
 * const { total }: GetStatsReturnType = await getStats(client)
 */
export type GetStatsReturnType = ApiStats

/**
 * Errors of `getStats`.
 *
 * @example
 * if ((error as GetStatsErrorType).code === 'API_UNREACHABLE') …
 */
export type GetStatsErrorType = BridgeSdkError<'API_UNREACHABLE' | 'API_BAD_RESPONSE' | 'API_ERROR'>

/**
 * `GET /v1/stats`: message counts per state, in total, per destination and per route.
 *
 * @throws {GetStatsErrorType}
 * @example
 * const { total } = await getStats(client)
 * console.log(`${total.executed} executed, ${total.rejected} rejected`)
 */
export function getStats(client: BridgeApiClient, parameters: GetStatsParameters = {}): Promise<GetStatsReturnType> {
  return apiJson<ApiStats>(client, '/v1/stats', parameters)
}
