import { contextFromTraceparent, ROOT_CONTEXT, trace, type Context } from '@relaymesh/telemetry'
import type { MessageTracing } from '../tracing/MessageTracing.js'
import { recordsMessageTrace } from '../tracing/recordsMessageTrace.js'
import type { VerifiedColumns } from './SourceChain.js'

export type RecordVerifySpansParameters = {
  verified: VerifiedColumns
  verification: string
  relayerId: string
  /** When the bundle's verification started and ended (ms since the epoch): every message's span covers it. */
  startTime: number
  endTime: number
  /** The parent of a message the watcher sent no traceparent for (without it, such a message gets no span). */
  parentOf?: ((id: `0x${string}`) => Context) | undefined
}

/** The form the watcher writes (sampled or not): checked with one anchored pattern, then read by position. */
const CANONICAL = /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/

function parentContext(traceparent: string | undefined): Context {
  if (traceparent === undefined || traceparent.length !== 55 || !CANONICAL.test(traceparent))
    return contextFromTraceparent(traceparent)
  const spanContext = {
    traceId: traceparent.slice(3, 35),
    spanId: traceparent.slice(36, 52),
    traceFlags: traceparent.charCodeAt(54) - 48,
    isRemote: true,
  }
  return trace.setSpanContext(ROOT_CONTEXT, spanContext)
}

/**
 * One `relaymesh.verify` span per verified message whose trace is sampled, in the message's own trace under its root
 * (the `traceparent` the watcher stored is the root's). Made cheap for 100k messages/s: nothing at all when this
 * process records no span, and otherwise, for a message whose trace is not sampled, the decision from its traceparent
 * and nothing else (`recordsMessageTrace`); for the sampled ones, the bundle's two timestamps instead of two clock
 * reads per span, the parent context built from a canonical traceparent by position, ids hex-encoded natively.
 */
export function recordVerifySpans(tracing: MessageTracing, p: RecordVerifySpansParameters): void {
  if (!tracing.recording) return
  let hex: string | undefined
  const idAt = (i: number) => {
    hex ??= Buffer.from(p.verified.ids.buffer, p.verified.ids.byteOffset, p.verified.ids.byteLength).toString('hex')
    return `0x${hex.slice(64 * i, 64 * i + 64)}` as const
  }
  for (let i = 0; i < p.verified.count; i++) {
    const traceparent = p.verified.traceparents[i]
    if (traceparent !== undefined) {
      if (recordsMessageTrace(tracing, traceparent)) recordOne(tracing, p, idAt(i), parentContext(traceparent))
    } else if (p.parentOf) {
      // No traceparent from the watcher: the trace its id derives, if that one is sampled.
      const id = idAt(i)
      const parent = p.parentOf(id)
      if (tracing.recordsTrace(trace.getSpanContext(parent)?.traceId ?? '')) recordOne(tracing, p, id, parent)
    }
  }
}

function recordOne(tracing: MessageTracing, p: RecordVerifySpansParameters, id: `0x${string}`, parent: Context): void {
  tracing.tracer
    .startSpan(
      'relaymesh.verify',
      {
        startTime: p.startTime,
        attributes: {
          'relaymesh.message.id': id,
          'relaymesh.verification': p.verification,
          'relaymesh.relayer': p.relayerId,
        },
      },
      parent,
    )
    .end(p.endTime)
}
