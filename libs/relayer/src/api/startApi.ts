import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { StoreDb } from '@relaymesh/store'
import type { Logger, Telemetry } from '@relaymesh/telemetry'
import { answerClientError } from './answerClientError.js'
import { requestCost } from './requestCost.js'
import { ApiError, loggableError, toHttpError } from './ApiError.js'
import type { ApiChains } from './ApiChains.js'
import { createApiMetrics } from './ApiMetrics.js'
import type { Readiness } from '@relaymesh/sdk'
import { API_ROUTES, matchRoute, UNMATCHED_ROUTE, type RouteContext, type RouteResult } from './apiRoutes.js'
import { createMerkleTreeCache } from './buildExecutionProof.js'
import { checkAdminToken } from './checkAdminToken.js'
import {
  createRateLimiter,
  defaultRateLimitOptions,
  type RateLimiter,
  type RateLimitOptions,
} from './createRateLimiter.js'
import { getApiStats } from './getApiStats.js'
import { readSettlerBalances } from './relayersRoute.js'
import { recordApiMessageSpan } from './recordApiMessageSpan.js'
import {
  createExplorerHandler,
  defaultExplorerOptions,
  type ExplorerOptions,
  type ExplorerResponse,
} from './serveExplorer.js'
import { keepIdleConnections } from './keepIdleConnections.js'

/**
 * What the API needs, and only that (not the whole `RelayerContext`), so
 * tests run it against Postgres alone. A service builds it with
 * `apiDependenciesFromContext(ctx)`.
 */
export type ApiDependencies = {
  db: StoreDb
  logger: Logger
  /** The `/readyz` probe; should answer within a few seconds (see `createReadinessCheck`). */
  health: () => Promise<Readiness['checks']>
  /** Monotonic milliseconds for request durations; default `performance.now`. */
  now?: (() => number) | undefined
  /** Default `process.memoryUsage`. */
  memoryUsage?: (() => NodeJS.MemoryUsage) | undefined
  /** The bearer token of `/v1/admin/*` (from a secret); without it admin routes answer 403 `ADMIN_DISABLED`. */
  adminToken?: string | undefined
  /** Chain reads for `/v1/relayers` and the balance gauge; without it `/v1/relayers` answers 503. */
  chains?: ApiChains | undefined
  /** Where a request that reads a stored message records its span in that message's trace; none without it. */
  telemetry?: Pick<Telemetry, 'tracer' | 'rootSampled'> | undefined
}

export type StartApiParameters = {
  /** Aborting stops accepting connections, finishes in-flight requests, then resolves `done`. */
  signal: AbortSignal
  host: string
  /** 0 picks a free port (tests). */
  port: number
  /** How long in-flight requests get after `signal` aborts before their sockets are closed. */
  shutdownGraceMs?: number | undefined
  /** Batch trees kept for execution proofs. */
  treeCacheSize?: number | undefined
  /** The token bucket per client address on public routes (`defaultRateLimitOptions`); false turns it off. */
  rateLimit?: RateLimitOptions | false | undefined
  /** The explorer page, on by default at `/explorer` from the repository's build; false turns it off. */
  explorer?: Partial<ExplorerOptions> | false | undefined
}

export type StartApiReturnType = {
  /** `http://host:port`, with the port actually bound. */
  url: string
  /** Resolves once the server has closed after `signal` aborted. */
  done: Promise<void>
}

export const defaultStartApiOptions = { shutdownGraceMs: 5_000, treeCacheSize: 8 } as const

/** Concurrent callers share one in-flight call (the stats scan is the expensive query here). */
function coalesce<T>(fn: () => Promise<T>): () => Promise<T> {
  let inflight: Promise<T> | undefined
  return () => (inflight ??= fn().finally(() => (inflight = undefined)))
}

type Answer = { name: string; result: RouteResult; headers?: Record<string, string> | undefined }

function send(res: ServerResponse, { result, headers }: Answer): void {
  const isText = 'text' in result
  const body = isText ? result.text : JSON.stringify(result.json)
  res.writeHead(result.status, {
    ...headers,
    'content-type': isText ? result.contentType : 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  })
  res.end(body)
}

/** What every request passes before its route runs: the client's rate limit and, on admin routes, the token. */
type Gate = { limiter: RateLimiter | undefined; adminToken: string | undefined }

const OPS_PATHS = new Set(['/healthz', '/readyz', '/metrics'])

/**
 * Admin paths check the token first: an authenticated operator is never
 * limited; an unauthenticated caller is (no free token guessing).
 */
function admit(gate: Gate, req: IncomingMessage, pathname: string, query: URLSearchParams): void {
  let authError: unknown
  if (pathname.startsWith('/v1/admin/')) {
    try {
      checkAdminToken(gate.adminToken, req.headers.authorization)
      return
    } catch (error) {
      authError = error
    }
  }
  const wait =
    OPS_PATHS.has(pathname) || !gate.limiter
      ? 0
      : gate.limiter.take(req.socket.remoteAddress ?? 'unknown', requestCost(pathname, query))
  if (wait > 0)
    throw new ApiError('RATE_LIMITED', `too many requests; retry in ${wait} s`, { meta: { retryAfterSeconds: wait } })
  if (authError) throw authError
}

async function route(context: RouteContext, gate: Gate, req: IncomingMessage): Promise<Answer> {
  let name = UNMATCHED_ROUTE
  try {
    const url = new URL(req.url ?? '/', 'http://relaymesh.invalid')
    name = API_ROUTES.find((r) => r.pattern.test(url.pathname))?.name ?? UNMATCHED_ROUTE
    admit(gate, req, url.pathname, url.searchParams)
    const match = matchRoute(req.method ?? 'GET', url.pathname)
    return { name, result: await match.route.handle(context, match.params, url.searchParams) }
  } catch (error) {
    const http = toHttpError(error)
    // Only the route template is logged: never query strings or headers (they may carry credentials).
    if (http.internal) context.logger.error({ route: name, err: loggableError(error) }, 'API request failed')
    return { name, result: { status: http.status, json: http.body }, headers: http.headers }
  }
}

type ExplorerHandler = (method: string, pathname: string) => ExplorerResponse | null

/**
 * The explorer's static files, rate limited per client address as the public
 * routes are (one token a file, the same bucket): a page load is a handful of
 * files, a flood of them is refused with 429 like any other. Never an admin path.
 */
function serveExplorer(
  explorer: ExplorerHandler | undefined,
  gate: Gate,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  const served = explorer?.(req.method ?? 'GET', new URL(req.url ?? '/', 'http://relaymesh.invalid').pathname)
  if (!served) return false
  const wait = gate.limiter?.take(req.socket.remoteAddress ?? 'unknown') ?? 0
  if (wait > 0) {
    const http = toHttpError(
      new ApiError('RATE_LIMITED', `too many requests; retry in ${wait} s`, { meta: { retryAfterSeconds: wait } }),
    )
    send(res, { name: '/explorer', result: { status: http.status, json: http.body }, headers: http.headers })
    return true
  }
  res.writeHead(served.status, {
    ...served.headers,
    'content-length': Buffer.byteLength(served.body),
    'cache-control': 'no-cache',
  })
  res.end(served.body)
  return true
}

function handler(
  context: RouteContext,
  gate: Gate,
  now: () => number,
  telemetry: ApiDependencies['telemetry'],
  explorer?: ExplorerHandler,
) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const started = now()
    if (serveExplorer(explorer, gate, req, res))
      return context.metrics.observeRequest('/explorer', res.statusCode, (now() - started) / 1000)
    // Wall clock for the trace span only (spans are placed in time across hosts); durations use `now`.
    const startTime = Date.now()
    const answer = await route(context, gate, req)
    const { name, result } = answer
    send(res, answer)
    if (telemetry && result.messageId)
      recordApiMessageSpan(telemetry, req, {
        messageId: result.messageId,
        route: name,
        status: result.status,
        startTime,
        endTime: Date.now(),
      })
    const seconds = (now() - started) / 1000
    context.metrics.observeRequest(name, result.status, seconds)
    context.logger.debug(
      { method: req.method, route: name, status: result.status, ms: Math.round(seconds * 1000) },
      'api request',
    )
  }
}

async function listen(server: Server, host: string, port: number): Promise<number> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (cause) {
    throw new ApiError('API_LISTEN_FAILED', `cannot listen on ${host}:${port}`, { meta: { host, port }, cause })
  }
  return (server.address() as AddressInfo).port // reason: a TCP server that is listening has an AddressInfo
}

function stopOnAbort(server: Server, signal: AbortSignal, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      server.close(() => resolve())
      server.closeIdleConnections()
      setTimeout(() => server.closeAllConnections(), graceMs).unref()
    }
    if (signal.aborted) stop()
    else signal.addEventListener('abort', stop, { once: true })
  })
}

/**
 * Starts the relayer HTTP API (`node:http`, JSON with bigints as decimal
 * strings and bytes as `0x` hex); every route is in `API_ROUTES` and in the
 * OpenAPI document at `/openapi.json`. Public routes are rate limited per
 * client address; `/v1/admin/*` needs `Authorization: Bearer <adminToken>`.
 * Errors answer `{ error: { code, message } }` with the status `API_ERRORS`
 * gives the code.
 *
 * @throws {ApiError} `API_LISTEN_FAILED` (action `fatal`) when the port cannot be bound.
 * @example
 * const controller = new AbortController()
 * const { url, done } = await startApi(apiDependenciesFromContext(ctx), {
 *   signal: controller.signal,
 *   ...ctx.config.api,
 * })
 * process.once('SIGTERM', () => controller.abort())
 * await done
 */
export async function startApi(deps: ApiDependencies, parameters: StartApiParameters): Promise<StartApiReturnType> {
  const { signal, host, port } = parameters
  const logger = deps.logger.child({ module: 'api' })
  const context: RouteContext = {
    db: deps.db,
    logger,
    health: deps.health,
    metrics: createApiMetrics(),
    trees: createMerkleTreeCache(parameters.treeCacheSize ?? defaultStartApiOptions.treeCacheSize),
    stats: coalesce(() => getApiStats(deps.db)),
    memoryUsage: deps.memoryUsage ?? (() => process.memoryUsage()),
    chains: deps.chains,
    balances: coalesce(() => readSettlerBalances(deps.chains)),
  }
  const now = deps.now ?? (() => performance.now())
  const rateLimit = parameters.rateLimit ?? defaultRateLimitOptions
  const gate: Gate = { limiter: rateLimit ? createRateLimiter(rateLimit, now) : undefined, adminToken: deps.adminToken }
  const { explorer: page } = parameters
  const explorer =
    page === false
      ? undefined
      : createExplorerHandler({
          path: page?.path ?? defaultExplorerOptions.path,
          dir: page?.dir ?? defaultExplorerOptions.dir,
          jaegerUrl: page?.jaegerUrl,
        })
  const server = createServer(handler(context, gate, now, deps.telemetry, explorer))
  keepIdleConnections(server)
  server.on('clientError', answerClientError(context.metrics))
  server.headersTimeout = 10_000
  server.requestTimeout = 30_000
  const bound = await listen(server, host, port)
  server.on('error', (error) => logger.error({ err: loggableError(error) }, 'API server error'))
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`
  logger.info({ url }, 'API listening')
  const done = stopOnAbort(server, signal, parameters.shutdownGraceMs ?? defaultStartApiOptions.shutdownGraceMs)
  return { url, done: done.then(() => logger.info('API stopped')) }
}
