import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { isRelaymeshError } from '@relaymesh/errors'
import type { StoreDb } from '@relaymesh/store'
import type { Logger } from '@relaymesh/telemetry'
import { ApiError, loggableError, toHttpError } from './ApiError.js'
import { createApiMetrics } from './ApiMetrics.js'
import type { Readiness } from './ApiResponses.js'
import { matchRoute, UNMATCHED_ROUTE, type RouteContext, type RouteResult } from './apiRoutes.js'
import { createMerkleTreeCache } from './buildExecutionProof.js'
import { getApiStats } from './getApiStats.js'

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

function send(res: ServerResponse, result: RouteResult): void {
  const isText = 'text' in result
  const body = isText ? result.text : JSON.stringify(result.json)
  res.writeHead(result.status, {
    'content-type': isText ? result.contentType : 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  })
  res.end(body)
}

async function route(context: RouteContext, req: IncomingMessage): Promise<{ name: string; result: RouteResult }> {
  let name = UNMATCHED_ROUTE
  try {
    const url = new URL(req.url ?? '/', 'http://relaymesh.invalid')
    const match = matchRoute(req.method ?? 'GET', url.pathname)
    name = match.route.name
    return { name, result: await match.route.handle(context, match.params, url.searchParams) }
  } catch (error) {
    if (isRelaymeshError(error, 'METHOD_NOT_ALLOWED')) name = String(error.meta['route'])
    const http = toHttpError(error)
    // Only the route template is logged: never query strings or headers (they may carry credentials).
    if (http.internal) context.logger.error({ route: name, err: loggableError(error) }, 'API request failed')
    return { name, result: { status: http.status, json: http.body } }
  }
}

function handler(context: RouteContext, now: () => number) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const started = now()
    const { name, result } = await route(context, req)
    send(res, result)
    const seconds = (now() - started) / 1000
    context.metrics.observeRequest(name, result.status, seconds)
    context.logger.debug({ method: req.method, route: name, status: result.status, ms: Math.round(seconds * 1000) }, 'api request')
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
 * Starts the relayer HTTP API (`node:http`, GET only, JSON with bigints as
 * decimal strings and bytes as `0x` hex): `/v1/messages/:id`,
 * `/v1/messages?sourceTx=`, `/v1/batches/:destination/:index`, `/v1/stats`,
 * `/healthz`, `/readyz`, `/metrics`. Errors answer `{ error: { code, message } }`
 * with the status `API_ERRORS` gives the code.
 *
 * @throws {ApiError} `API_LISTEN_FAILED` (action `fatal`) when the port cannot be bound.
 * @example
 * const controller = new AbortController()
 * const { url, done } = await startApi(apiDependenciesFromContext(ctx), { signal: controller.signal, ...ctx.config.api })
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
  }
  const server = createServer(handler(context, deps.now ?? (() => performance.now())))
  server.headersTimeout = 10_000
  server.requestTimeout = 30_000
  const bound = await listen(server, host, port)
  server.on('error', (error) => logger.error({ err: loggableError(error) }, 'API server error'))
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`
  logger.info({ url }, 'API listening')
  const done = stopOnAbort(server, signal, parameters.shutdownGraceMs ?? defaultStartApiOptions.shutdownGraceMs)
  return { url, done: done.then(() => logger.info('API stopped')) }
}
