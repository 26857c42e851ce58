import type { Attributes, Link } from '@opentelemetry/api'
import { parseTraceparent } from './traceContextPropagator.js'

/**
 * A span link to the message span named by `traceparent`: a bundle or batch
 * span links to every message it carries, so each message's trace shows it.
 *
 * @example
 * const links = bundle.messages.flatMap(
 *   (m) => linkFromTraceparent(m.traceparent, { 'relaymesh.message.id': m.id }) ?? [],
 * )
 * const span = tracer.startSpan('seal-batch', { links })
 */
export function linkFromTraceparent(traceparent: string | undefined, attributes?: Attributes): Link | undefined {
  const context = parseTraceparent(traceparent)
  if (!context) return undefined
  return attributes ? { context, attributes } : { context }
}
