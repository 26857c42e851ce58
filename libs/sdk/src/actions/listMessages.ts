import type { Hex } from 'viem'
import type { MessagePage, MessageState } from '../ApiTypes.js'
import type { BridgeSdkError } from '../BridgeSdkError.js'
import type { BridgeApiClient } from '../createBridgeClient.js'
import { apiJson, type ApiCallOptions } from '../internal/apiRequest.js'

/**
 * Parameters of `listMessages`: every filter is optional (`getMessagesBySender` is the dApp's form).
 *
 * @example
 * const parameters: ListMessagesParameters = { route: '31337-56', state: 'failed', limit: 20 }
 */
export type ListMessagesParameters = ApiCallOptions & {
  /** A 20-byte EVM address or a 32-byte sender, as the API takes it. */
  sender?: Hex | undefined
  /** `<origin>-<destination>`, or the two domains. */
  route?: string | { origin: number; destination: number } | undefined
  state?: MessageState | undefined
  /** Stored at or after. */
  from?: Date | string | undefined
  /** Stored before. */
  to?: Date | string | undefined
  /** Page size, 1..500 (the API's default is 50). */
  limit?: number | undefined
  /** `nextCursor` of the previous page. */
  cursor?: string | undefined
}

/**
 * Errors of `listMessages` (`API_ERROR` with `meta.apiCode` `INVALID_QUERY`, `INVALID_ROUTE`, `INVALID_CURSOR`, ...).
 *
 * @example
 * if ((error as ListMessagesErrorType).meta.apiCode === 'INVALID_CURSOR') …
 */
export type ListMessagesErrorType = BridgeSdkError<'API_UNREACHABLE' | 'API_BAD_RESPONSE' | 'API_ERROR'>

/** `?key=value&...` of the defined entries; empty when there are none. */
export function queryString(entries: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(entries)) if (value !== undefined) query.set(key, String(value))
  const text = query.toString()
  return text ? `?${text}` : ''
}

const iso = (time: Date | string | undefined) => (time instanceof Date ? time.toISOString() : time)

/**
 * One page of `GET /v1/messages`, newest first (stored time, then id); pass `nextCursor` back for the next.
 *
 * @throws {ListMessagesErrorType}
 * @example
 * let page = await listMessages(client, { state: 'failed', limit: 100 })
 * while (page.nextCursor) page = await listMessages(client, { state: 'failed', cursor: page.nextCursor })
 */
export function listMessages(client: BridgeApiClient, parameters: ListMessagesParameters = {}): Promise<MessagePage> {
  const { signal, route, from, to, ...rest } = parameters
  const routeText = typeof route === 'object' ? `${route.origin}-${route.destination}` : route
  return apiJson<MessagePage>(
    client,
    `/v1/messages${queryString({ ...rest, route: routeText, from: iso(from), to: iso(to) })}`,
    { signal },
  )
}
