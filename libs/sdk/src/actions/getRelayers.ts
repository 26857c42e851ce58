import type { BridgeSdkError } from '../BridgeSdkError.js'
import type { BridgeApiClient } from '../createBridgeClient.js'
import { apiJson, type ApiCallOptions } from '../internal/apiRequest.js'
import type { RelayerSets } from '../OperatorApiTypes.js'

/**
 * Errors of `getRelayers` (`API_ERROR` with `meta.apiCode` `CHAINS_NOT_CONFIGURED` when the relayer reads no chain).
 *
 * @example
 * if ((error as GetRelayersErrorType).meta.apiCode === 'CHAINS_NOT_CONFIGURED') …
 */
export type GetRelayersErrorType = BridgeSdkError<'API_UNREACHABLE' | 'API_BAD_RESPONSE' | 'API_ERROR'>

/**
 * `GET /v1/relayers`: each chain's inbox relayer set and threshold, and this relayer's settler balance.
 *
 * @throws {GetRelayersErrorType}
 * @example
 * for (const chain of (await getRelayers(client)).chains) console.log(chain.name, chain.threshold)
 */
export function getRelayers(client: BridgeApiClient, parameters: ApiCallOptions = {}): Promise<RelayerSets> {
  return apiJson<RelayerSets>(client, '/v1/relayers', parameters)
}
