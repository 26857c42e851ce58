import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import { API_ERRORS, type ApiErrorCode } from './ApiError.js'
import type { ApiMetrics } from './ApiMetrics.js'

/** The `route` label of requests refused before they were parsed, so before any route matched. */
export const UNPARSED_ROUTE = 'unparsed'

/**
 * The HTTP server's `clientError` handler: a request refused by the parser (431 for a request line and headers
 * over the limit, 400 for bytes that are not HTTP) gets the same JSON error body as every other refusal and is
 * counted in `relaymesh_api_requests_total` under the route `unparsed`. Node's default answers a bare status
 * line, uncounted. A socket already gone is just closed.
 *
 * @example
 * server.on('clientError', answerClientError(metrics))
 */
export function answerClientError(metrics: Pick<ApiMetrics, 'observeRequest'>) {
  return (error: Error & { code?: string }, socket: Duplex): void => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy()
      return
    }
    const code: ApiErrorCode = error.code === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE' : 'BAD_REQUEST'
    const { status } = API_ERRORS[code]
    const message = code === 'HEADERS_TOO_LARGE' ? 'request line and headers are too large' : 'not an HTTP request'
    const body = JSON.stringify({ error: { code, message } })
    metrics.observeRequest(UNPARSED_ROUTE, status, 0)
    // Keep reading what the client still sends (the rest of a huge header) until it closes: closing with unread
    // bytes would reset the connection and could take the answer with it.
    socket.resume()
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: ` +
        `application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    )
  }
}
