import { redactUrls } from '@relaymesh/errors'
import type { Attributes } from '@opentelemetry/api'
import type { ReadableSpan, SpanExporter, TimedEvent } from '@opentelemetry/sdk-trace-base'

function redactAttributes(attributes: Attributes): Attributes {
  let copy: Attributes | undefined
  for (const [key, value] of Object.entries(attributes)) {
    const next =
      typeof value === 'string'
        ? redactUrls(value)
        : Array.isArray(value)
          ? value.map((v: unknown) => (typeof v === 'string' ? redactUrls(v) : v))
          : value
    if (
      typeof value === 'string'
        ? next !== value
        : Array.isArray(value) && (next as unknown[]).some((v, i) => v !== value[i])
    ) {
      ;(copy ??= { ...attributes })[key] = next as Attributes[string] // reason: same kind of value, strings redacted
    }
  }
  return copy ?? attributes
}

/**
 * The span as exported: URLs redacted in attribute values, the status message and event attributes (exception messages
 * and stacks).
 */
export function redactSpan(span: ReadableSpan): ReadableSpan {
  const attributes = redactAttributes(span.attributes)
  const message = span.status.message === undefined ? undefined : redactUrls(span.status.message)
  let eventsChanged = false
  const events = span.events.map((event): TimedEvent => {
    if (!event.attributes) return event
    const eventAttributes = redactAttributes(event.attributes)
    if (eventAttributes === event.attributes) return event
    eventsChanged = true
    return { ...event, attributes: eventAttributes }
  })
  if (attributes === span.attributes && message === span.status.message && !eventsChanged) return span
  // The SDK's span is a class instance with methods (spanContext()): keep it as the prototype, shadow the three fields.
  return Object.create(span, {
    attributes: { value: attributes, enumerable: true },
    status: { value: { ...span.status, message }, enumerable: true },
    events: { value: eventsChanged ? events : span.events, enumerable: true },
  }) as ReadableSpan // reason: the prototype supplies every other ReadableSpan member
}

/**
 * Wraps the trace exporter so no span leaves the process with a URL's credentials, path or query in it: viem's
 * errors carry the RPC URL (API keys live in its path or query), and their messages become span statuses and
 * exception events wherever a span records an error. One place for every span, whichever code recorded it.
 *
 * @example
 * new BatchSpanProcessor(createRedactingSpanExporter(new OTLPTraceExporter(options)))
 */
export function createRedactingSpanExporter(exporter: SpanExporter): SpanExporter {
  return {
    export: (spans, resultCallback) => exporter.export(spans.map(redactSpan), resultCallback),
    shutdown: () => exporter.shutdown(),
    // reason: checked just before
    ...(exporter.forceFlush ? { forceFlush: () => (exporter.forceFlush as () => Promise<void>)() } : {}),
  }
}
