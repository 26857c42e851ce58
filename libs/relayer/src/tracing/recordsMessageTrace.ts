import type { Telemetry } from '@relaymesh/telemetry'

/**
 * Whether this process records the spans of the message whose stored `traceparent` (the root's, see
 * `recordObserveSpan`) is given: the sampling decision for its trace id, read by position (every W3C traceparent
 * version puts it at 3..35). Checked before a span, its context or its attributes are built, so an unsampled message
 * costs a slice and a comparison. A message without a traceparent has no trace to join and gets no span.
 *
 * @example
 * for (const m of messages) if (recordsMessageTrace(telemetry, m.traceparent)) recordOne(m)
 */
export function recordsMessageTrace(
  telemetry: Pick<Telemetry, 'recordsTrace'>,
  traceparent: string | undefined,
): boolean {
  return traceparent !== undefined && telemetry.recordsTrace(traceparent.slice(3, 35))
}
