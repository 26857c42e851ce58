import type { BridgeSdkError } from '../BridgeSdkError.js'
import type { BridgeApiClient } from '../createBridgeClient.js'
import { apiJson, type ApiAdminOptions } from '../internal/apiRequest.js'
import type { RouteStates } from '../OperatorApiTypes.js'

/**
 * Errors of `getRouteStates` (`API_ERROR` with `meta.apiCode` `UNAUTHORIZED` or `FORBIDDEN`).
 *
 * @example
 * if ((error as GetRouteStatesErrorType).meta.apiCode === 'FORBIDDEN') …
 */
export type GetRouteStatesErrorType = BridgeSdkError<'API_UNREACHABLE' | 'API_BAD_RESPONSE' | 'API_ERROR'>

/**
 * Admin: every route with a message or a pause, and whether this relayer's batcher is paused on it.
 *
 * @throws {GetRouteStatesErrorType}
 * @example
 * const paused = (await getRouteStates(client, { token })).routes.filter((r) => r.paused)
 */
export function getRouteStates(client: BridgeApiClient, parameters: ApiAdminOptions): Promise<RouteStates> {
  return apiJson<RouteStates>(client, '/v1/admin/routes', parameters)
}
