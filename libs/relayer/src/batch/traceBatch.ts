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
} from '@relaymesh/telemetry'
import { bytesToHex } from '@relaymesh/protocol'
import type { MessageTracing } from '../tracing/MessageTracing.js'
import { recordsMessageTrace } from '../tracing/recordsMessageTrace.js'
import type { MessageTrace } from './MessageTrace.js'

/** The links a span keeps (the SDK's default `linkCountLimit`): more are not built. */
const LINK_LIMIT = 128

/**
 * Starts the `relaymesh.batch` span of one batch, linked to the traces of its first 128 sampled messages (the SDK
 * keeps 128 links; `recordMessageSpans` is what puts the batch into every sampled message's own trace). A batch span
 * this process does not record builds no link. The caller ends it.
 *
 * @example
 * const { span, traceparent } = startBatchSpan(telemetry, 'relaymesh.batch', messages, { 'relaymesh.batch.size': 9 })
 */
export function startBatchSpan(
  tracing: MessageTracing,
  name: string,
  messages: readonly MessageTrace[],
  attributes: Attributes,
): { span: Span; traceparent: string | undefined } {
  const span = tracing.tracer.startSpan(name, { attributes }, ROOT_CONTEXT)
  if (span.isRecording()) {
    const links: Link[] = []
    for (const m of messages) {
      if (links.length === LINK_LIMIT) break
      if (!recordsMessageTrace(tracing, m.traceparent)) continue
      const link = linkFromTraceparent(m.traceparent, { 'relaymesh.message.id': bytesToHex(m.id) })
      if (link) links.push(link)
    }
    span.addLinks(links)
  }
  return { span, traceparent: injectTraceContext(trace.setSpan(ROOT_CONTEXT, span)) }
}

/**
 * One short span per sampled message (`recordsMessageTrace`), in the message's own trace (its stored `traceparent`),
 * linked to the batch span: each sampled message's trace shows every hop. Nothing is built for the others.
 *
 * @example
 * recordMessageSpans(telemetry, 'relaymesh.settle', messages, { 'relaymesh.batch.index': '7' }, { batchSpan })
 */
export function recordMessageSpans(
  tracing: MessageTracing,
  name: string,
  messages: readonly MessageTrace[],
  attributes: Attributes,
  options: { batchSpan?: Span | undefined; error?: string | undefined } = {},
): void {
  if (!tracing.recording) return
  // A batch span this process does not export would be a link to nothing.
  const links: Link[] = options.batchSpan?.isRecording() ? [{ context: options.batchSpan.spanContext() }] : []
  for (const m of messages) {
    if (!recordsMessageTrace(tracing, m.traceparent)) continue
    const span = tracing.tracer.startSpan(
      name,
      { attributes: { ...attributes, 'relaymesh.message.id': bytesToHex(m.id) }, links },
      contextFromTraceparent(m.traceparent),
    )
    if (options.error) span.setStatus({ code: SpanStatusCode.ERROR, message: options.error })
    span.end()
  }
}
