import { ROOT_CONTEXT, trace, type Context } from '@opentelemetry/api'
import { parseTraceparent } from './traceContextPropagator.js'

/**
 * A context whose parent is the remote span named by `traceparent`; spans
 * started in it join that message's trace. Malformed or missing input gives
 * `base` unchanged (a new trace starts), which is the W3C rule.
 *
 * @example
 * for (const m of bundle.messages) {
 *   const attributes = { 'relaymesh.message.id': m.id }
 *   const span = tracer.startSpan('verify-message', { attributes }, contextFromTraceparent(m.traceparent))
 *   ...; span.end()
 * }
 */
export function contextFromTraceparent(traceparent: string | undefined, base: Context = ROOT_CONTEXT): Context {
  const spanContext = parseTraceparent(traceparent)
  return spanContext ? trace.setSpanContext(base, spanContext) : base
}
