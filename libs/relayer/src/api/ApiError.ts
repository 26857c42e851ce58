import { BaseError, isRelaymeshError, redactUrls, type ErrorAction, type ReasonCodeOf } from '@relaymesh/errors'
import type { ApiErrorBody } from '@relaymesh/sdk'

/**
 * Every code the relayer API answers with, its HTTP status and what a caller
 * should do (meanings in `REASON_CODES`, @relaymesh/errors). The one place codes become statuses.
 */
export const API_ERRORS = {
  NOT_FOUND: { status: 404, action: 'reject' },
  ROUTE_NOT_FOUND: { status: 404, action: 'reject' },
  METHOD_NOT_ALLOWED: { status: 405, action: 'reject' },
  INVALID_ID: { status: 400, action: 'reject' },
  INVALID_SOURCE_TX: { status: 400, action: 'reject' },
  INVALID_BATCH_KEY: { status: 400, action: 'reject' },
  INVALID_QUERY: { status: 400, action: 'reject' },
  INVALID_CURSOR: { status: 400, action: 'reject' },
  INVALID_ROUTE: { status: 400, action: 'reject' },
  UNAUTHORIZED: { status: 401, action: 'reject' },
  FORBIDDEN: { status: 403, action: 'reject' },
  ADMIN_DISABLED: { status: 403, action: 'reject' },
  NOT_RETRYABLE: { status: 409, action: 'reject' },
  HEADERS_TOO_LARGE: { status: 431, action: 'reject' },
  BAD_REQUEST: { status: 400, action: 'reject' },
  RATE_LIMITED: { status: 429, action: 'retry' },
  CHAINS_NOT_CONFIGURED: { status: 503, action: 'reject' },
  UNAVAILABLE: { status: 503, action: 'retry' },
  INTERNAL: { status: 500, action: 'retry' },
  API_LISTEN_FAILED: { status: 500, action: 'fatal' },
} as const satisfies Record<ReasonCodeOf<'api'>, { status: number; action: ErrorAction }>

export type ApiErrorCode = keyof typeof API_ERRORS

/**
 * An error the API reports to its caller; `action` and the HTTP status follow from `code`.
 *
 * @example
 * throw new ApiError('INVALID_ID', 'a message id is 32 bytes of 0x hex')
 */
export class ApiError extends BaseError<ApiErrorCode> {
  override name = 'ApiError'

  constructor(
    code: ApiErrorCode,
    shortMessage: string,
    parameters: { meta?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(shortMessage, { code, action: API_ERRORS[code].action, ...parameters })
  }
}

export type HttpError = {
  status: number
  body: ApiErrorBody
  /** Worth an error log line (5xx). */
  internal: boolean
  /** `Retry-After` on a 429, `WWW-Authenticate` on a 401. */
  headers?: Record<string, string> | undefined
}

function headersOf(error: ApiError): Record<string, string> | undefined {
  if (error.code === 'RATE_LIMITED') return { 'retry-after': String(error.meta['retryAfterSeconds'] ?? 1) }
  if (error.code === 'UNAUTHORIZED') return { 'www-authenticate': 'Bearer realm="relaymesh-admin"' }
  return undefined
}

// A message may quote a dependency's error (an RPC URL with its API key): URLs leave without credentials, path or
// query.
const body = (code: string, message: string): ApiErrorBody => ({ error: { code, message: redactUrls(message) } })

/**
 * Maps any thrown value to the response the API sends. API errors keep their
 * code; the store's `NOT_FOUND` / `INVALID_INPUT` become 404 / 400; any other
 * relaymesh error whose action is `retry` is a 503; everything else is a 500
 * that says nothing about its cause (that goes to the log).
 *
 * @example
 * const { status, body } = toHttpError(error)
 */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof ApiError) {
    const { status } = API_ERRORS[error.code]
    return {
      status,
      body: body(error.code, error.shortMessage),
      internal: status >= 500 && error.code !== 'CHAINS_NOT_CONFIGURED',
      headers: headersOf(error),
    }
  }
  if (isRelaymeshError(error, 'NOT_FOUND'))
    return { status: 404, body: body('NOT_FOUND', error.shortMessage), internal: false }
  if (isRelaymeshError(error, 'INVALID_INPUT'))
    return { status: 400, body: body('INVALID_INPUT', error.shortMessage), internal: false }
  if (isRelaymeshError(error) && error.action === 'retry')
    return { status: 503, body: body('UNAVAILABLE', 'a dependency is unavailable, retry later'), internal: true }
  return { status: 500, body: body('INTERNAL', 'internal error'), internal: true }
}

/**
 * What of an error may be logged or answered: name, code and message, never
 * SQL parameters (pg errors carry `parameters`/`detail` with row values) nor
 * a URL's credentials, path or query (viem's messages quote the RPC URL).
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: redactUrls(String(error)) }
  const code = (error as { code?: unknown }).code // reason: pg and relaymesh errors both carry a string code
  const cause =
    error.cause instanceof Error ? { name: error.cause.name, message: redactUrls(error.cause.message) } : undefined
  const message = isRelaymeshError(error) ? error.shortMessage : error.message
  return {
    name: error.name,
    code,
    message: redactUrls(message),
    cause,
    stack: error.stack === undefined ? undefined : redactUrls(error.stack),
  }
}
