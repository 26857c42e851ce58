import type { IncomingMessage } from 'node:http'
import { linkFromTraceparent, SpanKind, type Telemetry } from '@relaymesh/telemetry'
import type { Hex } from 'viem'
import { messageParentContext } from '../tracing/messageParentContext.js'

export type RecordApiMessageSpanParameters = {
  messageId: Hex
  /** The route template, e.g. `/v1/messages/:id`. */
  route: string
  status: number
  /** Wall-clock start and end of the request, ms since the epoch. */
  startTime: number
  endTime: number
}

/**
 * A `relaymesh.api.message` span in the trace of the message a request read
 * (a child of its root `relaymesh.message`), so the message's trace in
 * Jaeger shows who looked at it and when. A caller that sent its own
 * `traceparent` gets a link to it: its trace and the message's join up
 * without either swallowing the other. Recorded only for stored messages
 * (their root exists); an unknown id gets no span.
 *
 * @example
 * recordApiMessageSpan(telemetry, req, {
 *   messageId,
 *   route: '/v1/messages/:id',
 *   status: 200,
 *   startTime,
 *   endTime: Date.now(),
 * })
 */
export function recordApiMessageSpan(
  telemetry: Pick<Telemetry, 'tracer' | 'rootSampled'>,
  req: IncomingMessage,
  p: RecordApiMessageSpanParameters,
): void {
  const header = req.headers.traceparent
  const caller = linkFromTraceparent(Array.isArray(header) ? header[0] : header, { 'relaymesh.link': 'caller' })
  const span = telemetry.tracer.startSpan(
    'relaymesh.api.message',
    {
      kind: SpanKind.SERVER,
      startTime: p.startTime,
      links: caller ? [caller] : [],
      attributes: {
        'relaymesh.message.id': p.messageId,
        'http.request.method': req.method ?? 'GET',
        'http.route': p.route,
        'http.response.status_code': p.status,
        'client.address': req.socket.remoteAddress ?? 'unknown',
        ...(req.headers['user-agent'] ? { 'user_agent.original': req.headers['user-agent'] } : {}),
      },
    },
    messageParentContext(telemetry, p.messageId),
  )
  span.end(p.endTime)
}
