import {
  countEquivocations,
  getBatch,
  getBatchMessageIds,
  getMessage,
  getMessagesBySourceTx,
  getRejectionsByMessageId,
  listEquivocations,
} from '@relaymesh/store'
import { bytesToHex } from '@relaymesh/protocol'
import { redactSecrets } from '@relaymesh/telemetry'
import { ApiError, loggableError } from './ApiError.js'
import { pause, resume, retryMessage, routeStates } from './adminRoutes.js'
import { batchList, messageList } from './listingRoutes.js'
import { OPENAPI_DOCUMENT } from './openApiDocument.js'
import { relayerSets } from './relayersRoute.js'
import type {
  Equivocations,
  Liveness,
  MessageStatus,
  MessagesBySourceTx,
  Readiness,
  RejectedClaimStatus,
} from '@relaymesh/sdk'
import { buildExecutionProof } from './buildExecutionProof.js'
import { parseBatchKey, parseMessageId, parseSourceTx } from './parseApiParams.js'
import { PROMETHEUS_CONTENT_TYPE } from './prometheusText.js'
import type { RouteContext, RouteResult } from './RouteContext.js'
import { toBatchStatus, toMessageSummary } from './toApiJson.js'

export type { RouteContext, RouteResult } from './RouteContext.js'

export type Route = {
  /** The template, also the `route` label of the request metrics. */
  name: string
  method: 'GET' | 'POST'
  /**
   * `public`: rate limited per client address; `admin`: needs the bearer
   * token (and is exempt from the limit once it has it); `ops`: health and
   * metrics, never limited (a busy client must not make the pod unready).
   */
  access: 'public' | 'admin' | 'ops'
  pattern: RegExp
  handle(context: RouteContext, params: readonly string[], query: URLSearchParams): Promise<RouteResult>
}

// The store's batch_index is int8: a larger uint64 index is well-formed but cannot exist.
const MAX_STORED_INDEX = (1n << 63n) - 1n

const ok = (json: unknown): RouteResult => ({ status: 200, json })

async function messageStatus(context: RouteContext, [rawId]: readonly string[]): Promise<RouteResult> {
  const id = parseMessageId(rawId ?? '')
  const record = await getMessage(context.db, { id })
  if (!record) return rejectedClaim(context, id)
  const { proof, proofError } = await buildExecutionProof(context.db, { record, cache: context.trees })
  if (proofError)
    context.logger.error({ id: bytesToHex(id), proofError }, 'cannot build the execution proof of a batched message')
  const status: MessageStatus = { ...toMessageSummary(record), proof, proofError }
  return { ...ok(status), messageId: bytesToHex(id) }
}

async function rejectedClaim(context: RouteContext, id: Uint8Array): Promise<RouteResult> {
  const history = await getRejectionsByMessageId(context.db, { id })
  const last = history.at(-1)
  if (!last) throw new ApiError('NOT_FOUND', 'no message with this id', { meta: { id: bytesToHex(id) } })
  const body: RejectedClaimStatus = {
    id: bytesToHex(id),
    state: 'rejected',
    stored: false,
    reasonCode: last.reasonCode,
    rejections: history.map((r) => ({
      stage: r.stage,
      reasonCode: r.reasonCode,
      details: redactSecrets(r.details ?? null),
      at: r.createdAt.toISOString(),
    })),
  }
  return ok(body)
}

async function messages(
  context: RouteContext,
  _params: readonly string[],
  query: URLSearchParams,
): Promise<RouteResult> {
  if (!query.has('sourceTx')) return messageList(context, query)
  const sourceTxHash = parseSourceTx(query)
  const records = await getMessagesBySourceTx(context.db, { sourceTxHash })
  const body: MessagesBySourceTx = { sourceTxHash: bytesToHex(sourceTxHash), messages: records.map(toMessageSummary) }
  return ok(body)
}

async function batchStatus(context: RouteContext, [rawDestination, rawIndex]: readonly string[]): Promise<RouteResult> {
  const key = parseBatchKey(rawDestination ?? '', rawIndex ?? '')
  const batch = key.batchIndex <= MAX_STORED_INDEX ? await getBatch(context.db, key) : null
  if (!batch) throw new ApiError('NOT_FOUND', 'no batch with this destination and index', { meta: { ...key } })
  return ok(toBatchStatus(batch, await getBatchMessageIds(context.db, key)))
}

async function readiness(context: RouteContext): Promise<RouteResult> {
  const checks = await context.health()
  const body: Readiness = { ready: checks.postgres && checks.nats, checks }
  return { status: body.ready ? 200 : 503, json: body }
}

// A scrape still answers when Postgres is down: process and request metrics matter most then.
async function metricsText(context: RouteContext): Promise<RouteResult> {
  const [stats, balances, equivocations] = await Promise.all([
    context.stats().catch((error: unknown) => {
      context.logger.error({ route: '/metrics', err: loggableError(error) }, 'cannot read message counts for /metrics')
      return null
    }),
    context.balances(),
    countEquivocations(context.db).catch((error: unknown) => {
      context.logger.error(
        { route: '/metrics', err: loggableError(error) },
        'cannot count proven equivocations for /metrics',
      )
      return null
    }),
  ])
  const text = context.metrics.render({ stats, memory: context.memoryUsage(), balances, equivocations })
  return { status: 200, text, contentType: PROMETHEUS_CONTENT_TYPE }
}

async function equivocations(context: RouteContext): Promise<RouteResult> {
  const signed = (r: { commitment: Uint8Array; signature: Uint8Array }) => ({
    commitment: bytesToHex(r.commitment),
    signature: Buffer.from(r.signature).toString('base64'),
  })
  const body: Equivocations = {
    proofs: (await listEquivocations(context.db, { limit: 100 })).map((e) => ({
      domain: e.domain,
      slot: e.slot,
      signer: e.signer,
      first: signed(e.first),
      second: signed(e.second),
    })),
  }
  return ok(body)
}

const liveness: Liveness = { status: 'ok' }

/** Every route; `name` is the template reported in metrics and logs (and the path in the OpenAPI document). */
export const API_ROUTES: readonly Route[] = [
  {
    name: '/v1/messages/:id',
    method: 'GET',
    access: 'public',
    pattern: /^\/v1\/messages\/([^/]+)$/,
    handle: messageStatus,
  },
  { name: '/v1/messages', method: 'GET', access: 'public', pattern: /^\/v1\/messages$/, handle: messages },
  {
    name: '/v1/batches/:destination/:index',
    method: 'GET',
    access: 'public',
    pattern: /^\/v1\/batches\/([^/]+)\/([^/]+)$/,
    handle: batchStatus,
  },
  { name: '/v1/batches', method: 'GET', access: 'public', pattern: /^\/v1\/batches$/, handle: batchList },
  {
    name: '/v1/stats',
    method: 'GET',
    access: 'public',
    pattern: /^\/v1\/stats$/,
    handle: async (context) => ok(await context.stats()),
  },
  { name: '/v1/relayers', method: 'GET', access: 'public', pattern: /^\/v1\/relayers$/, handle: relayerSets },
  // Read-only pause state (the explorer's dashboard shows paused routes); pausing stays an admin route.
  { name: '/v1/routes', method: 'GET', access: 'public', pattern: /^\/v1\/routes$/, handle: routeStates },
  {
    name: '/v1/equivocations',
    method: 'GET',
    access: 'public',
    pattern: /^\/v1\/equivocations$/,
    handle: equivocations,
  },
  {
    name: '/openapi.json',
    method: 'GET',
    access: 'public',
    pattern: /^\/openapi\.json$/,
    handle: async () => ok(OPENAPI_DOCUMENT),
  },
  {
    name: '/v1/admin/messages/:id/retry',
    method: 'POST',
    access: 'admin',
    pattern: /^\/v1\/admin\/messages\/([^/]+)\/retry$/,
    handle: retryMessage,
  },
  {
    name: '/v1/admin/routes/:route/pause',
    method: 'POST',
    access: 'admin',
    pattern: /^\/v1\/admin\/routes\/([^/]+)\/pause$/,
    handle: pause,
  },
  {
    name: '/v1/admin/routes/:route/resume',
    method: 'POST',
    access: 'admin',
    pattern: /^\/v1\/admin\/routes\/([^/]+)\/resume$/,
    handle: resume,
  },
  { name: '/v1/admin/routes', method: 'GET', access: 'admin', pattern: /^\/v1\/admin\/routes$/, handle: routeStates },
  { name: '/healthz', method: 'GET', access: 'ops', pattern: /^\/healthz$/, handle: async () => ok(liveness) },
  { name: '/readyz', method: 'GET', access: 'ops', pattern: /^\/readyz$/, handle: readiness },
  { name: '/metrics', method: 'GET', access: 'ops', pattern: /^\/metrics$/, handle: metricsText },
]

/** The metrics label of a request that matched no route (raw paths would make the label set unbounded). */
export const UNMATCHED_ROUTE = 'unmatched'

/**
 * Finds the route of a request.
 *
 * @throws {ApiError} `ROUTE_NOT_FOUND`, `METHOD_NOT_ALLOWED` (with the route, for the metrics label)
 * @example
 * const { route, params } = matchRoute('GET', '/v1/batches/56/7')
 */
export function matchRoute(method: string, pathname: string): { route: Route; params: string[] } {
  for (const route of API_ROUTES) {
    const match = route.pattern.exec(pathname)
    if (!match) continue
    if (method !== route.method)
      throw new ApiError('METHOD_NOT_ALLOWED', `${route.name} takes ${route.method} only`, {
        meta: { route: route.name, method },
      })
    // Not URI-decoded: every parameter is hex or decimal, so an escaped one is malformed anyway.
    return { route, params: match.slice(1) }
  }
  throw new ApiError('ROUTE_NOT_FOUND', 'no such route')
}
