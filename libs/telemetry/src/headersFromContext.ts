import type { Context } from '@opentelemetry/api'
import { traceContextPropagator } from './traceContextPropagator.js'

/** What the trace helpers need of NATS `MsgHdrs`; `headers()` from `@nats-io/transport-node` satisfies it. */
export type TraceHeaders = {
  get(key: string): string
  set(key: string, value: string): void
}

/**
 * Writes `traceparent` (and `tracestate`) of `ctx` into NATS headers and
 * returns them. Pass `headers()` from `@nats-io/transport-node`; the lib keeps
 * no NATS dependency of its own.
 *
 * @example
 * const hdrs = headersFromContext(trace.setSpan(context.active(), span), headers())
 * await publish(bus, subject, bundle, { codec, headers: hdrs })
 */
export function headersFromContext<H extends TraceHeaders>(ctx: Context, hdrs: H): H {
  // reason: carrier is `hdrs`
  traceContextPropagator.inject(ctx, hdrs, { set: (carrier, key, value) => (carrier as H).set(key, value) })
  return hdrs
}
