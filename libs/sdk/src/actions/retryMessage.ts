import type { Hex } from 'viem'
import type { BridgeSdkError } from '../BridgeSdkError.js'
import type { BridgeApiClient } from '../createBridgeClient.js'
import { apiJson, type ApiAdminOptions } from '../internal/apiRequest.js'
import type { RetryResult } from '../OperatorApiTypes.js'

/**
 * Parameters of `retryMessage`: the message and the admin token.
 *
 * @example
 * const parameters: RetryMessageParameters = { id, token: process.env.RELAYMESH_ADMIN_TOKEN! }
 */
export type RetryMessageParameters = ApiAdminOptions & { id: Hex }

/**
 * Errors of `retryMessage`: `API_ERROR` with `meta.apiCode` `NOT_RETRYABLE` (not failed), `NOT_FOUND`,
 * `UNAUTHORIZED`, `FORBIDDEN`, `INVALID_ID`.
 *
 * @example
 * if ((error as RetryMessageErrorType).meta.apiCode === 'NOT_RETRYABLE') …
 */
export type RetryMessageErrorType = BridgeSdkError<'API_UNREACHABLE' | 'API_BAD_RESPONSE' | 'API_ERROR'>

/**
 * Admin: makes a failed message due for execution again (attempts and backoff reset).
 *
 * @throws {RetryMessageErrorType}
 * @example
 * const { attempts } = await retryMessage(client, { id, token })
 */
export function retryMessage(client: BridgeApiClient, parameters: RetryMessageParameters): Promise<RetryResult> {
  const { id, ...options } = parameters
  return apiJson<RetryResult>(client, `/v1/admin/messages/${encodeURIComponent(id)}/retry`, {
    ...options,
    method: 'POST',
  })
}
