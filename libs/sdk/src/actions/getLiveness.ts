import type { BridgeSdkError } from '../BridgeSdkError.js'
import type { BridgeApiClient } from '../createBridgeClient.js'
import { apiJson, type ApiCallOptions } from '../internal/apiRequest.js'
import type { Liveness } from '../OperatorApiTypes.js'

/**
 * Errors of `getLiveness`.
 *
 * @example
 * if ((error as GetLivenessErrorType).code === 'API_UNREACHABLE') console.log('down')
 */
export type GetLivenessErrorType = BridgeSdkError<'API_UNREACHABLE' | 'API_BAD_RESPONSE' | 'API_ERROR'>

/**
 * `GET /healthz`: resolves when the relayer process answers.
 *
 * @throws {GetLivenessErrorType}
 * @example
 * await getLiveness(client) // { status: 'ok' }
 */
export function getLiveness(client: BridgeApiClient, parameters: ApiCallOptions = {}): Promise<Liveness> {
  return apiJson<Liveness>(client, '/healthz', parameters)
}
