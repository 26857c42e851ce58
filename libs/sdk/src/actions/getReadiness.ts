import type { BridgeSdkError } from '../BridgeSdkError.js'
import type { BridgeApiClient } from '../createBridgeClient.js'
import { apiError, apiRequest, parseAnswer, type ApiCallOptions } from '../internal/apiRequest.js'
import type { Readiness } from '../OperatorApiTypes.js'

/**
 * Errors of `getReadiness` (a 503 "not ready" is an answer, not an error).
 *
 * @example
 * if ((error as GetReadinessErrorType).code === 'API_UNREACHABLE') console.log('down')
 */
export type GetReadinessErrorType = BridgeSdkError<'API_UNREACHABLE' | 'API_BAD_RESPONSE' | 'API_ERROR'>

/**
 * `GET /readyz`: whether the relayer reaches Postgres and NATS; a 503 is an answer here, not an error.
 *
 * @throws {GetReadinessErrorType}
 * @example
 * const { ready, checks } = await getReadiness(client)
 * if (!ready) console.log('postgres', checks.postgres, 'nats', checks.nats)
 */
export async function getReadiness(client: BridgeApiClient, parameters: ApiCallOptions = {}): Promise<Readiness> {
  const answer = await apiRequest(client, '/readyz', parameters)
  if (answer.status !== 200 && answer.status !== 503) throw apiError(answer, '/readyz')
  return parseAnswer(answer, '/readyz') as Readiness // reason: the server's Readiness, on 200 and 503 alike
}
