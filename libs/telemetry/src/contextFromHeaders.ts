import { ROOT_CONTEXT, type Context } from '@opentelemetry/api'
import type { TraceHeaders } from './headersFromContext.js'
import { traceContextPropagator } from './traceContextPropagator.js'

/**
 * The remote parent carried in NATS headers (`traceparent`/`tracestate`), on
 * top of `base`. No or malformed headers give `base` unchanged.
 *
 * @example
 * const ctx = contextFromHeaders(msg.headers)
 * await tracer.startActiveSpan('verify-bundle', {}, ctx, async (span) => { ...; span.end() })
 */
export function contextFromHeaders(hdrs: TraceHeaders | undefined, base: Context = ROOT_CONTEXT): Context {
  if (!hdrs) return base
  return traceContextPropagator.extract(base, hdrs, {
    // NATS returns '' for a missing header.
    get: (carrier, key) => (carrier as TraceHeaders).get(key) || undefined, // reason: carrier is `hdrs`
    keys: () => ['traceparent', 'tracestate'],
  })
}
