import { bytesToHex } from '@relaymesh/protocol'
import { getMessage, listRoutes, pauseRoute, resumeRoute, retryFailedMessages, type RouteState } from '@relaymesh/store'
import { ApiError } from './ApiError.js'
import type { RetryResult, RouteStates, RouteStateView } from '@relaymesh/sdk'
import type { RouteContext, RouteResult } from './RouteContext.js'
import { parseMessageId } from './parseApiParams.js'
import { parseRoute } from './parseListParams.js'

const toRouteView = (r: RouteState): RouteStateView => ({
  route: `${r.origin}-${r.destination}`,
  origin: r.origin,
  destination: r.destination,
  paused: r.paused,
  pausedAt: r.pausedAt?.toISOString() ?? null,
})

/** `POST /v1/admin/messages/:id/retry`: a `failed` message becomes due for execution again. */
export async function retryMessage(context: RouteContext, [rawId]: readonly string[]): Promise<RouteResult> {
  const id = parseMessageId(rawId ?? '')
  const { moved } = await retryFailedMessages(context.db, { ids: [id] })
  const record = await getMessage(context.db, { id })
  if (!record) throw new ApiError('NOT_FOUND', 'no message with this id', { meta: { id: bytesToHex(id) } })
  if (moved.length === 0)
    throw new ApiError('NOT_RETRYABLE', `only a failed message can be retried; this one is ${record.state}`, {
      meta: { state: record.state },
    })
  context.logger.info({ id: bytesToHex(id), admin: 'retry' }, 'failed message due for execution again')
  const body: RetryResult = { id: bytesToHex(id), state: record.state, attempts: record.attempts }
  return { status: 200, json: body, messageId: bytesToHex(id) }
}

/** `POST /v1/admin/routes/:origin-:destination/pause`: the batcher stops sealing the route's messages. */
export async function pause(context: RouteContext, [rawRoute]: readonly string[]): Promise<RouteResult> {
  const state = await pauseRoute(context.db, parseRoute(rawRoute ?? ''))
  context.logger.warn({ route: `${state.origin}-${state.destination}`, admin: 'pause' }, 'route paused')
  return { status: 200, json: toRouteView(state) }
}

/** `POST /v1/admin/routes/:origin-:destination/resume`. */
export async function resume(context: RouteContext, [rawRoute]: readonly string[]): Promise<RouteResult> {
  const state = await resumeRoute(context.db, parseRoute(rawRoute ?? ''))
  context.logger.warn({ route: `${state.origin}-${state.destination}`, admin: 'resume' }, 'route resumed')
  return { status: 200, json: toRouteView(state) }
}

/** `GET /v1/admin/routes`: every known route and its pause state. */
export async function routeStates(context: RouteContext): Promise<RouteResult> {
  const body: RouteStates = { routes: (await listRoutes(context.db)).map(toRouteView) }
  return { status: 200, json: body }
}
