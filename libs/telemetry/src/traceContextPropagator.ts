import {
  isSpanContextValid,
  trace,
  TraceFlags,
  type Context,
  type SpanContext,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '@opentelemetry/api'

const traceparentPattern = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/

/** `00-<traceId>-<spanId>-<flags>` for a valid span context (W3C Trace Context §3.2). */
export function formatTraceparent(spanContext: SpanContext): string | undefined {
  if (!isSpanContextValid(spanContext)) return undefined
  const flags = (spanContext.traceFlags & 0xff).toString(16).padStart(2, '0')
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`
}

/**
 * Parses a `traceparent` into a remote span context; `undefined` when
 * malformed. Version `ff` is invalid; unknown future versions are read as 00
 * (§3.2.4), ignoring trailing fields.
 */
export function parseTraceparent(traceparent: string | undefined, tracestate?: string): SpanContext | undefined {
  const match = traceparentPattern.exec(traceparent?.trim() ?? '')
  if (!match) return undefined
  // reason: the pattern has exactly these groups
  const [, version, traceId, spanId, flags, rest] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string | undefined,
  ]
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined
  const spanContext: SpanContext = {
    traceId,
    spanId,
    traceFlags: parseInt(flags, 16) & TraceFlags.SAMPLED,
    isRemote: true,
  }
  if (!isSpanContextValid(spanContext)) return undefined
  return tracestate ? { ...spanContext, traceState: createTraceState(tracestate) } : spanContext
}

/** Minimal `tracestate` holder: relaymesh forwards it unchanged and never edits it. */
function createTraceState(raw: string): NonNullable<SpanContext['traceState']> {
  const state: NonNullable<SpanContext['traceState']> = {
    set: () => state,
    unset: () => state,
    get: (key) =>
      raw
        .split(',')
        .map((p) => p.trim().split('='))
        .find(([k]) => k === key)?.[1],
    serialize: () => raw,
  }
  return state
}

/**
 * The W3C Trace Context propagator relaymesh uses (in NATS headers and in
 * the per-message `traceparent` of bundles). Written here rather than taken
 * from `@opentelemetry/core`, which is not a declared dependency.
 */
export const traceContextPropagator: TextMapPropagator = {
  inject(ctx: Context, carrier: unknown, setter: TextMapSetter): void {
    const spanContext = trace.getSpanContext(ctx)
    const traceparent = spanContext && formatTraceparent(spanContext)
    if (!spanContext || !traceparent) return
    setter.set(carrier, 'traceparent', traceparent)
    const tracestate = spanContext.traceState?.serialize()
    if (tracestate) setter.set(carrier, 'tracestate', tracestate)
  },
  extract(ctx: Context, carrier: unknown, getter: TextMapGetter): Context {
    const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)
    const spanContext = parseTraceparent(
      first(getter.get(carrier, 'traceparent')),
      first(getter.get(carrier, 'tracestate')),
    )
    return spanContext ? trace.setSpanContext(ctx, spanContext) : ctx
  },
  fields: () => ['traceparent', 'tracestate'],
}
