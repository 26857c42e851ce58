import { context as otelContext, trace, type Context } from '@opentelemetry/api'
import { formatTraceparent } from './traceContextPropagator.js'

/**
 * The `traceparent` of the span in `ctx` (default: the active context), to
 * store inside a bundle next to each cross-chain message. `undefined` when
 * there is no valid span.
 *
 * @example
 * tracer.startActiveSpan('observe', (span) => {
 *   messages.push({ ...msg, traceparent: injectTraceContext() })
 *   span.end()
 * })
 */
export function injectTraceContext(ctx: Context = otelContext.active()): string | undefined {
  const spanContext = trace.getSpanContext(ctx)
  return spanContext ? formatTraceparent(spanContext) : undefined
}
