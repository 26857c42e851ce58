import {
  contextFromTraceparent,
  injectTraceContext,
  linkFromTraceparent,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Attributes,
  type Link,
  type Span,
  type Tracer,
} from '@relaymesh/telemetry'
import { bytesToHex } from '@relaymesh/protocol'
import type { MessageTrace } from './MessageTrace.js'

/**
 * Starts the `relaymesh.batch` span of one batch, linked to its messages'
 * traces (the SDK keeps the first 128 links; `recordMessageSpans` is what
 * puts the batch into every message's own trace). The caller ends it.
 *
 * @example
 * const { span, traceparent } = startBatchSpan(tracer, 'relaymesh.batch', messages, { 'relaymesh.batch.index': '7' })
 */
export function startBatchSpan(
  tracer: Tracer,
  name: string,
  messages: readonly MessageTrace[],
  attributes: Attributes,
): { span: Span; traceparent: string | undefined } {
  const links = messages.flatMap(
    (m) => linkFromTraceparent(m.traceparent, { 'relaymesh.message.id': bytesToHex(m.id) }) ?? [],
  )
  const span = tracer.startSpan(name, { attributes, links }, ROOT_CONTEXT)
  return { span, traceparent: injectTraceContext(trace.setSpan(ROOT_CONTEXT, span)) }
}

/**
 * One short span per message, in the message's own trace (its stored
 * `traceparent`), linked to the batch span: each message's trace shows every hop.
 *
 * @example
 * recordMessageSpans(tracer, 'relaymesh.settle', messages, { 'relaymesh.batch.index': '7' }, batchSpan)
 */
export function recordMessageSpans(
  tracer: Tracer,
  name: string,
  messages: readonly MessageTrace[],
  attributes: Attributes,
  options: { batchSpan?: Span | undefined; error?: string | undefined } = {},
): void {
  const batchContext = options.batchSpan?.spanContext()
  const links: Link[] = batchContext ? [{ context: batchContext }] : []
  for (const m of messages) {
    const span = tracer.startSpan(
      name,
      { attributes: { ...attributes, 'relaymesh.message.id': bytesToHex(m.id) }, links },
      contextFromTraceparent(m.traceparent),
    )
    if (options.error) span.setStatus({ code: SpanStatusCode.ERROR, message: options.error })
    span.end()
  }
}
