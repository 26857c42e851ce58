import type { BridgeSdkError } from '../BridgeSdkError.js'
import type { BridgeApiClient } from '../createBridgeClient.js'
import { apiJson, type ApiAdminOptions } from '../internal/apiRequest.js'
import type { RouteStateView } from '../OperatorApiTypes.js'

/**
 * Parameters of `setRoutePaused`: the route (`<origin>-<destination>`), pause or resume, and the admin token.
 *
 * @example
 * const parameters: SetRoutePausedParameters = { route: '31337-56', paused: true, token }
 */
export type SetRoutePausedParameters = ApiAdminOptions & { route: string; paused: boolean }

/**
 * Errors of `setRoutePaused` (`API_ERROR` with `meta.apiCode` `INVALID_ROUTE`, `UNAUTHORIZED`, `FORBIDDEN`).
 *
 * @example
 * if ((error as SetRoutePausedErrorType).meta.apiCode === 'INVALID_ROUTE') …
 */
export type SetRoutePausedErrorType = BridgeSdkError<'API_UNREACHABLE' | 'API_BAD_RESPONSE' | 'API_ERROR'>

/**
 * Admin: pauses (or with `paused: false` resumes) batching on a route; idempotent.
 *
 * @throws {SetRoutePausedErrorType}
 * @example
 * await setRoutePaused(client, { route: '31337-56', paused: true, token })
 */
export function setRoutePaused(client: BridgeApiClient, parameters: SetRoutePausedParameters): Promise<RouteStateView> {
  const { route, paused, ...options } = parameters
  const path = `/v1/admin/routes/${encodeURIComponent(route)}/${paused ? 'pause' : 'resume'}`
  return apiJson<RouteStateView>(client, path, { ...options, method: 'POST' })
}
