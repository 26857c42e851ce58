import type { Hex } from 'viem'
import type { MessageStatus, RejectedClaimStatus } from '../ApiTypes.js'
import { BridgeSdkError } from '../BridgeSdkError.js'
import type { BridgeApiClient } from '../createBridgeClient.js'
import { apiGet, type ApiCallOptions } from '../internal/apiRequest.js'

/**
 * Parameters of `getMessage`.
 *
 * @example
 * const parameters: GetMessageParameters = { id: '0x1c8a…eac8' }
 */
export type GetMessageParameters = ApiCallOptions & { id: Hex }

/**
 * A stored message (state, hops, rejections, and once batched its execution
 * proof), or a claim the relayers rejected without storing (`stored: false`).
 *
 * @example
 * const status: GetMessageReturnType = await getMessage(client, { id })
 * if ('stored' in status) throw new Error(status.reasonCode)
 */
export type GetMessageReturnType = MessageStatus | RejectedClaimStatus

/**
 * Errors of `getMessage`.
 *
 * @example
 * if ((error as GetMessageErrorType).code === 'MESSAGE_NOT_FOUND') …
 */
export type GetMessageErrorType = BridgeSdkError<
  'MESSAGE_NOT_FOUND' | 'API_UNREACHABLE' | 'API_BAD_RESPONSE' | 'API_ERROR'
>

/**
 * One message as the relayer API knows it.
 *
 * @throws {GetMessageErrorType} `MESSAGE_NOT_FOUND` while the relayer has not seen the id (yet).
 * @example
 * const message = await getMessage(client, { id })
 * console.log(message.state, message.reasonCode)
 */
export async function getMessage(
  client: BridgeApiClient,
  parameters: GetMessageParameters,
): Promise<GetMessageReturnType> {
  const { id, signal } = parameters
  const status = await apiGet<GetMessageReturnType>(client, `/v1/messages/${encodeURIComponent(id)}`, { signal })
  if (!status)
    throw new BridgeSdkError('MESSAGE_NOT_FOUND', 'the relayer has not seen this message', {
      action: 'retry',
      meta: { id },
    })
  return status
}
