import { BridgeSdkError } from '../BridgeSdkError.js'
import type { BridgeApiClient } from '../createBridgeClient.js'

/** Options every API-reading action accepts. */
export type ApiCallOptions = { signal?: AbortSignal | undefined }

/** An admin action: the bearer token of `/v1/admin/*`. */
export type ApiAdminOptions = ApiCallOptions & { token: string }

/** One HTTP answer of the relayer API, before it is read. */
export type ApiAnswer = { status: number; text: string; retryAfter: string | null }

type RequestOptions = ApiCallOptions & { method?: 'GET' | 'POST' | undefined; token?: string | undefined }

/** `path` of the relayer API, whatever the status; `API_UNREACHABLE` when nothing answered. */
export async function apiRequest(
  client: BridgeApiClient,
  path: string,
  options: RequestOptions = {},
): Promise<ApiAnswer> {
  const { baseUrl, fetch: doFetch, timeoutMs } = client.api
  const timeout = AbortSignal.timeout(timeoutMs)
  const headers: Record<string, string> = { accept: 'application/json' }
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`
  try {
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
    const response = await doFetch(`${baseUrl}${path}`, { method: options.method ?? 'GET', signal, headers })
    return { status: response.status, text: await response.text(), retryAfter: response.headers.get('retry-after') }
  } catch (cause) {
    throw new BridgeSdkError('API_UNREACHABLE', `cannot reach the relayer API at ${baseUrl}`, {
      action: 'retry',
      meta: { path },
      cause,
    })
  }
}

/** The answer's JSON body; `API_BAD_RESPONSE` when it is not JSON. */
export function parseAnswer(answer: ApiAnswer, path: string): unknown {
  try {
    return JSON.parse(answer.text)
  } catch (cause) {
    throw new BridgeSdkError('API_BAD_RESPONSE', 'the relayer API answered something that is not JSON', {
      action: 'retry',
      meta: { path, status: answer.status },
      cause,
    })
  }
}

/**
 * The `API_ERROR` of a non-2xx answer: `meta.apiCode` is the server's code (`NOT_FOUND`, `INVALID_ID`,
 * `RATE_LIMITED`, ...), `meta.status` the HTTP status, `meta.retryAfterSeconds` the `retry-after` header.
 */
export function apiError(answer: ApiAnswer, path: string): BridgeSdkError<'API_ERROR'> {
  // reason: ApiErrorBody, read defensively
  const error = (parseAnswer(answer, path) as { error?: { code?: unknown; message?: unknown } } | null)?.error
  const apiCode = typeof error?.code === 'string' ? error.code : 'UNKNOWN'
  const message = typeof error?.message === 'string' ? error.message : `HTTP ${answer.status}`
  const retryAfterSeconds = answer.retryAfter === null ? undefined : Number(answer.retryAfter)
  return new BridgeSdkError('API_ERROR', `the relayer API refused ${path}: ${message} (${apiCode})`, {
    action: answer.status >= 500 || answer.status === 429 ? 'retry' : 'reject',
    meta: { path, status: answer.status, apiCode, retryAfterSeconds },
  })
}

/** `path`'s JSON body on 2xx, an `API_ERROR` otherwise. */
export async function apiJson<T>(client: BridgeApiClient, path: string, options: RequestOptions = {}): Promise<T> {
  const answer = await apiRequest(client, path, options)
  if (answer.status < 200 || answer.status >= 300) throw apiError(answer, path)
  return parseAnswer(answer, path) as T // reason: the server builds the same types (ApiTypes, OperatorApiTypes)
}

/** GET `path`: the parsed body on 2xx, `null` on 404 `NOT_FOUND`, an `API_ERROR` otherwise. */
export async function apiGet<T>(
  client: BridgeApiClient,
  path: string,
  options: ApiCallOptions = {},
): Promise<T | null> {
  try {
    return await apiJson<T>(client, path, options)
  } catch (error) {
    if (
      error instanceof BridgeSdkError &&
      error.code === 'API_ERROR' &&
      error.meta['status'] === 404 &&
      error.meta['apiCode'] === 'NOT_FOUND'
    )
      return null
    throw error
  }
}
