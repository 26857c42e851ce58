import type { Hex } from '@relaymesh/protocol'
import type { BatchState, MessageState } from '@relaymesh/store'
import { getJson, type ApiAdminOptions, type ApiRequestOptions, type ApiTarget } from './ApiClient.js'
import type { BatchList, MessageList, RelayerSets, RetryResult, RouteStates, RouteStateView } from './ApiResponses.js'

export type ListMessagesQuery = {
  /** An EVM address or a 32-byte sender. */
  sender?: Hex | undefined
  /** `<origin>-<destination>`, or the two domains. */
  route?: string | { origin: number; destination: number } | undefined
  state?: MessageState | undefined
  from?: Date | string | undefined
  to?: Date | string | undefined
  limit?: number | undefined
  /** `nextCursor` of the previous page. */
  cursor?: string | undefined
}

export type ListBatchesQuery = { destination?: number | undefined; state?: BatchState | undefined; limit?: number | undefined; cursor?: string | undefined }

function queryString(entries: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(entries)) if (value !== undefined) query.set(key, String(value))
  const text = query.toString()
  return text ? `?${text}` : ''
}

const iso = (time: Date | string | undefined) => (time instanceof Date ? time.toISOString() : time)
const routeText = (route: ListMessagesQuery['route']) => (typeof route === 'object' ? `${route.origin}-${route.destination}` : route)
// reason (each `as` below): getJson returns null only with nullIfNotFound, which these calls do not pass.

/**
 * One page of messages, newest first; pass `nextCursor` back for the next.
 *
 * @example
 * let page = await listMessages(apiUrl, { sender: account.address, limit: 100 })
 * while (page.nextCursor) page = await listMessages(apiUrl, { sender: account.address, cursor: page.nextCursor })
 */
export async function listMessages(target: ApiTarget, query: ListMessagesQuery = {}, options: ApiRequestOptions = {}): Promise<MessageList> {
  const path = `/v1/messages${queryString({ ...query, route: routeText(query.route), from: iso(query.from), to: iso(query.to) })}`
  return (await getJson<MessageList>(target, path, options)) as MessageList
}

/**
 * One page of batches, newest first per destination.
 *
 * @example
 * const { batches } = await listBatches(apiUrl, { destination: 56, state: 'proposed' })
 */
export async function listBatches(target: ApiTarget, query: ListBatchesQuery = {}, options: ApiRequestOptions = {}): Promise<BatchList> {
  return (await getJson<BatchList>(target, `/v1/batches${queryString(query)}`, options)) as BatchList
}

/**
 * Each chain's inbox relayer set and threshold, and the settler's balance.
 *
 * @example
 * for (const chain of (await getRelayers(apiUrl)).chains) console.log(chain.name, chain.threshold)
 */
export async function getRelayers(target: ApiTarget, options: ApiRequestOptions = {}): Promise<RelayerSets> {
  return (await getJson<RelayerSets>(target, '/v1/relayers', options)) as RelayerSets
}

/**
 * Admin: makes a failed message due for execution again.
 *
 * @throws {ApiClientError} `NOT_RETRYABLE` (not failed), `NOT_FOUND`, `UNAUTHORIZED`, `FORBIDDEN`, ...
 * @example
 * await retryMessage(apiUrl, { id }, { token })
 */
export async function retryMessage(target: ApiTarget, parameters: { id: Hex }, options: ApiAdminOptions): Promise<RetryResult> {
  return (await getJson<RetryResult>(target, `/v1/admin/messages/${encodeURIComponent(parameters.id)}/retry`, { ...options, method: 'POST' })) as RetryResult
}

/**
 * Admin: pauses (or with `paused: false` resumes) batching on a route.
 *
 * @example
 * await setRoutePaused(apiUrl, { route: '31337-56', paused: true }, { token })
 */
export async function setRoutePaused(
  target: ApiTarget,
  parameters: { route: string; paused: boolean },
  options: ApiAdminOptions,
): Promise<RouteStateView> {
  const path = `/v1/admin/routes/${encodeURIComponent(parameters.route)}/${parameters.paused ? 'pause' : 'resume'}`
  return (await getJson<RouteStateView>(target, path, { ...options, method: 'POST' })) as RouteStateView
}

/**
 * Admin: every route and its pause state.
 *
 * @example
 * const paused = (await getRouteStates(apiUrl, { token })).routes.filter((r) => r.paused)
 */
export async function getRouteStates(target: ApiTarget, options: ApiAdminOptions): Promise<RouteStates> {
  return (await getJson<RouteStates>(target, '/v1/admin/routes', options)) as RouteStates
}
