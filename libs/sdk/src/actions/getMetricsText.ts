import type { BridgeSdkError } from '../BridgeSdkError.js'
import type { BridgeApiClient } from '../createBridgeClient.js'
import { apiError, apiRequest, type ApiCallOptions } from '../internal/apiRequest.js'

/**
 * Errors of `getMetricsText`.
 *
 * @example
 * if ((error as GetMetricsTextErrorType).code === 'API_UNREACHABLE') console.log('down')
 */
export type GetMetricsTextErrorType = BridgeSdkError<'API_UNREACHABLE' | 'API_BAD_RESPONSE' | 'API_ERROR'>

/**
 * `GET /metrics`: the relayer's Prometheus text (0.0.4), unparsed.
 *
 * @throws {GetMetricsTextErrorType}
 * @example
 * const text = await getMetricsText(client)
 * console.log(text.split('\n').filter((line) => line.startsWith('relaymesh_settler_balance_wei')))
 */
export async function getMetricsText(client: BridgeApiClient, parameters: ApiCallOptions = {}): Promise<string> {
  const answer = await apiRequest(client, '/metrics', parameters)
  if (answer.status !== 200) throw apiError(answer, '/metrics')
  return answer.text
}
