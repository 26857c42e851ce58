import { contextFromTraceparent, ROOT_CONTEXT, trace, type Context, type Tracer } from '@relaymesh/telemetry'
import type { VerifiedColumns } from './SourceChain.js'

export type RecordVerifySpansParameters = {
  verified: VerifiedColumns
  verification: string
  relayerId: string
  /** When the bundle's verification started and ended (ms since the epoch): every message's span covers it. */
  startTime: number
  endTime: number
  /** The parent of a message the watcher sent no traceparent for (default: a new trace). */
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
 * One `relaymesh.verify` span per verified message, in the message's own
 * trace under its root (the `traceparent` the watcher stored is the root's). Made cheap for 100k
 * messages/s: the bundle's two timestamps instead of two clock reads per
 * span, the parent context built from a canonical traceparent by position,
 * ids hex-encoded natively.
 */
export function recordVerifySpans(tracer: Tracer, p: RecordVerifySpansParameters): void {
  const ids = Buffer.from(p.verified.ids.buffer, p.verified.ids.byteOffset, p.verified.ids.byteLength).toString('hex')
  for (let i = 0; i < p.verified.count; i++) {
    const id = `0x${ids.slice(64 * i, 64 * i + 64)}` as const
    const traceparent = p.verified.traceparents[i]
    const span = tracer.startSpan(
      'relaymesh.verify',
      {
        startTime: p.startTime,
        attributes: {
          'relaymesh.message.id': id,
          'relaymesh.verification': p.verification,
          'relaymesh.relayer': p.relayerId,
        },
      },
      traceparent === undefined && p.parentOf ? p.parentOf(id) : parentContext(traceparent),
    )
    span.end(p.endTime)
  }
}
