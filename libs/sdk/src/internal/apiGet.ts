import { BridgeSdkError } from '../BridgeSdkError.js'
import type { BridgeClient } from '../createBridgeClient.js'

/** Options every API-reading action accepts. */
export type ApiCallOptions = { signal?: AbortSignal | undefined }

type Answer = { status: number; text: string }

async function call(client: BridgeClient, path: string, signal: AbortSignal | undefined): Promise<Answer> {
  const { baseUrl, fetch: doFetch, timeoutMs } = client.api
  const timeout = AbortSignal.timeout(timeoutMs)
  try {
    const response = await doFetch(`${baseUrl}${path}`, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout, headers: { accept: 'application/json' } })
    return { status: response.status, text: await response.text() }
  } catch (cause) {
    throw new BridgeSdkError('API_UNREACHABLE', `cannot reach the relayer API at ${baseUrl}`, { action: 'retry', meta: { path }, cause })
  }
}

function parse(answer: Answer, path: string): unknown {
  try {
    return JSON.parse(answer.text)
  } catch (cause) {
    throw new BridgeSdkError('API_BAD_RESPONSE', 'the relayer API answered something that is not JSON', { action: 'retry', meta: { path, status: answer.status }, cause })
  }
}

/**
 * GET `path` of the relayer API: the parsed body on 2xx, `null` on 404
 * `NOT_FOUND`, a `BridgeSdkError` otherwise (`API_ERROR` carries the server's
 * code as `meta.apiCode`).
 */
export async function apiGet<T>(client: BridgeClient, path: string, options: ApiCallOptions = {}): Promise<T | null> {
  const answer = await call(client, path, options.signal)
  const body = parse(answer, path)
  if (answer.status >= 200 && answer.status < 300) return body as T // reason: the server's shapes are ApiTypes (types.test.ts keeps them in step)
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error // reason: ApiErrorBody, read defensively
  const apiCode = typeof error?.code === 'string' ? error.code : 'UNKNOWN'
  if (answer.status === 404 && apiCode === 'NOT_FOUND') return null
  const message = typeof error?.message === 'string' ? error.message : `HTTP ${answer.status}`
  throw new BridgeSdkError('API_ERROR', `the relayer API refused ${path}: ${message}`, {
    action: answer.status >= 500 || answer.status === 429 ? 'retry' : 'reject', meta: { path, status: answer.status, apiCode },
  })
}
