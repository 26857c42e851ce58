import { BaseError, type ErrorAction } from '@relaymesh/errors'
import type { Hex } from '@relaymesh/protocol'
import type { ApiErrorBody, ApiStats, BatchStatus, Liveness, MessageStatus, MessagesBySourceTx, MessageSummary, Readiness, RejectedClaimStatus } from './ApiResponses.js'

/** Where the API is: its base URL, or the URL with a custom `fetch` and timeout. */
export type ApiTarget = string | URL | { baseUrl: string | URL; fetch?: typeof fetch | undefined; timeoutMs?: number | undefined }

export type ApiRequestOptions = { signal?: AbortSignal | undefined }

/** An admin call: the bearer token of `/v1/admin/*`. */
export type ApiAdminOptions = ApiRequestOptions & { token: string }

/**
 * A failed API call. `code` is the server's error code (`NOT_FOUND`,
 * `INVALID_ID`, `UNAVAILABLE`, ...) or `API_UNREACHABLE` / `API_BAD_RESPONSE`
 * when there is no usable answer; `meta.status` is the HTTP status.
 */
export class ApiClientError extends BaseError<string> {
  override name = 'ApiClientError'
  constructor(code: string, shortMessage: string, parameters: { action: ErrorAction; meta?: Record<string, unknown>; cause?: unknown }) {
    super(shortMessage, { code, ...parameters })
  }
}

const DEFAULT_TIMEOUT_MS = 10_000

function resolveTarget(target: ApiTarget) {
  const t = typeof target === 'string' || target instanceof URL ? { baseUrl: target } : target
  return { baseUrl: String(t.baseUrl).replace(/\/+$/, ''), fetch: t.fetch ?? fetch, timeoutMs: t.timeoutMs ?? DEFAULT_TIMEOUT_MS }
}

type Answer = { status: number; text: string; retryAfter: string | null }

type CallOptions = ApiRequestOptions & { method?: 'GET' | 'POST'; token?: string | undefined }

async function call(target: ApiTarget, path: string, options: CallOptions): Promise<Answer> {
  const { baseUrl, fetch: doFetch, timeoutMs } = resolveTarget(target)
  const timeout = AbortSignal.timeout(timeoutMs)
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
  const headers: Record<string, string> = { accept: 'application/json' }
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`
  try {
    const response = await doFetch(`${baseUrl}${path}`, { method: options.method ?? 'GET', signal, headers })
    return { status: response.status, text: await response.text(), retryAfter: response.headers.get('retry-after') }
  } catch (cause) {
    throw new ApiClientError('API_UNREACHABLE', `cannot reach the relayer API at ${baseUrl}`, { action: 'retry', meta: { path }, cause })
  }
}

function parse<T>(answer: Answer, path: string): T {
  try {
    return JSON.parse(answer.text) as T // reason: the server's shapes are the shared types in ApiResponses
  } catch (cause) {
    throw new ApiClientError('API_BAD_RESPONSE', 'the relayer API answered something that is not JSON', {
      action: 'retry', meta: { path, status: answer.status }, cause,
    })
  }
}

function failure(answer: Answer, path: string): ApiClientError {
  const body = parse<Partial<ApiErrorBody>>(answer, path)
  const code = body.error?.code ?? 'API_BAD_RESPONSE'
  const action: ErrorAction = answer.status >= 500 || answer.status === 429 ? 'retry' : 'reject'
  const retryAfterSeconds = answer.retryAfter === null ? undefined : Number(answer.retryAfter)
  return new ApiClientError(code, body.error?.message ?? `HTTP ${answer.status}`, { action, meta: { path, status: answer.status, retryAfterSeconds } })
}

/** `path`: the JSON body on 2xx, null on 404 `NOT_FOUND` when `nullIfNotFound`, an `ApiClientError` otherwise. */
export async function getJson<T>(target: ApiTarget, path: string, options: CallOptions & { nullIfNotFound?: boolean } = {}): Promise<T | null> {
  const answer = await call(target, path, options)
  if (answer.status >= 200 && answer.status < 300) return parse<T>(answer, path)
  const error = failure(answer, path)
  if (options.nullIfNotFound && error.code === 'NOT_FOUND') return null
  throw error
}

/**
 * One message's status, hops, rejection history and (once batched) the proof
 * to execute it by hand; null when this relayer has never seen it.
 *
 * @throws {ApiClientError} `INVALID_ID`, `API_UNREACHABLE`, ...
 * @example
 * const status = await getMessageStatus('http://127.0.0.1:8080', { id })
 * if (status?.state === 'rejected') console.log(status.reasonCode)
 */
export function getMessageStatus(target: ApiTarget, parameters: { id: Hex }, options: ApiRequestOptions = {}): Promise<MessageStatus | RejectedClaimStatus | null> {
  return getJson<MessageStatus | RejectedClaimStatus>(target, `/v1/messages/${encodeURIComponent(parameters.id)}`, { ...options, nullIfNotFound: true })
}

/**
 * Every message a source transaction sent, in log order (no proofs: ask
 * `getMessageStatus` for one).
 *
 * @example
 * const messages = await getMessagesBySourceTx(apiUrl, { sourceTxHash: receipt.transactionHash })
 */
export async function getMessagesBySourceTx(
  target: ApiTarget,
  parameters: { sourceTxHash: Hex },
  options: ApiRequestOptions = {},
): Promise<MessageSummary[]> {
  const body = await getJson<MessagesBySourceTx>(target, `/v1/messages?sourceTx=${encodeURIComponent(parameters.sourceTxHash)}`, options)
  return (body as MessagesBySourceTx).messages // reason: getJson returns null only with nullIfNotFound
}

/**
 * A batch with its state, signatures, submit tx and message ids; null when unknown.
 *
 * @example
 * const batch = await getBatchStatus(apiUrl, { destination: 31356, batchIndex: 0n })
 */
export function getBatchStatus(
  target: ApiTarget,
  parameters: { destination: number; batchIndex: bigint | number },
  options: ApiRequestOptions = {},
): Promise<BatchStatus | null> {
  const path = `/v1/batches/${parameters.destination}/${parameters.batchIndex.toString()}`
  return getJson<BatchStatus>(target, path, { ...options, nullIfNotFound: true })
}

/**
 * Message counts per state, in total and per destination.
 *
 * @example
 * const { total } = await getStats(apiUrl)
 * console.log(`${total.executed} executed, ${total.rejected} rejected`)
 */
export async function getStats(target: ApiTarget, options: ApiRequestOptions = {}): Promise<ApiStats> {
  return (await getJson<ApiStats>(target, '/v1/stats', options)) as ApiStats // reason: null only with nullIfNotFound
}

/**
 * Readiness (Postgres and NATS); a 503 is an answer here, not an error.
 *
 * @example
 * const { ready, checks } = await getReadiness(apiUrl)
 */
export async function getReadiness(target: ApiTarget, options: ApiRequestOptions = {}): Promise<Readiness> {
  const answer = await call(target, '/readyz', options)
  if (answer.status !== 200 && answer.status !== 503) throw failure(answer, '/readyz')
  return parse<Readiness>(answer, '/readyz')
}

/**
 * Liveness: resolves when the process answers.
 *
 * @example
 * await getLiveness(apiUrl) // { status: 'ok' }
 */
export async function getLiveness(target: ApiTarget, options: ApiRequestOptions = {}): Promise<Liveness> {
  return (await getJson<Liveness>(target, '/healthz', options)) as Liveness // reason: null only with nullIfNotFound
}

/**
 * The raw Prometheus text of `/metrics` (read it with `parsePrometheusText`).
 *
 * @example
 * const samples = parsePrometheusText(await getMetricsText(apiUrl))
 */
export async function getMetricsText(target: ApiTarget, options: ApiRequestOptions = {}): Promise<string> {
  const answer = await call(target, '/metrics', options)
  if (answer.status !== 200) throw failure(answer, '/metrics')
  return answer.text
}
