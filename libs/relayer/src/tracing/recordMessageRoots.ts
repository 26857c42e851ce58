import { SpanStatusCode, type Telemetry } from '@relaymesh/telemetry'
import type { Hex } from 'viem'
import { messageTraceparent } from './messageTraceparent.js'

/** A message (or a claim the verifier refused, with its `reasonCode`) whose root span this relayer exports. */
export type MessageRoot = { id: Hex; origin: number; destination?: number | undefined; reasonCode?: string | undefined }

export type RecordMessageRootsParameters = {
  messages: readonly MessageRoot[]
  verification: string
  relayerId: string
  /**
   * When the messages were sent (ms since the epoch): their source block's
   * timestamp. The root starts and ends there, so it is a pure function of
   * the chain and the mesh config, and one exported again (a re-synced
   * database) is the same span to the byte.
   */
  sentAt: number
}

/**
 * Exports the root span `relaymesh.message` of each message's trace, with the
 * ids every relayer derives from the message id (`messageTraceparent`), so
 * every span of the message, on any relayer, which names it as parent, hangs
 * from it. Call it on the mesh's trace keeper only (`isMessageTraceKeeper`):
 * for the ids its database stored (`keptRootIds`: the first time, or again
 * from a redelivery of that block), for the claims its verifier refused one
 * by one, and for those refused with their whole bundle that never came back
 * (`rootRefusedBundleClaims`). A refused claim's root is ERROR with the
 * reason code; its trace would have no root otherwise. Only the roots of
 * sampled traces are made (none when this process records nothing); returns
 * how many.
 *
 * Everything in the span is deterministic (ids, name, attributes, status,
 * times): should the keeper export it again, after its database was wiped and
 * re-synced, the copy is identical and Jaeger's query shows it once (its
 * `DeduplicateSpans` adjuster drops spans whose resource and content hash alike).
 *
 * @example
 * recordMessageRoots(ctx.telemetry, {
 *   messages,
 *   verification: 'light-client',
 *   relayerId,
 *   sentAt: Number(blockTimestamp) * 1000,
 * })
 */
export function recordMessageRoots(
  telemetry: Pick<Telemetry, 'startRootSpan' | 'recording' | 'recordsTrace'>,
  p: RecordMessageRootsParameters,
): number {
  if (!telemetry.recording) return 0
  let recorded = 0
  for (const m of p.messages) {
    const traceparent = messageTraceparent(m.id)
    if (!telemetry.recordsTrace(traceparent.slice(3, 35))) continue
    recorded++
    const span = telemetry.startRootSpan(
      'relaymesh.message',
      { traceId: traceparent.slice(3, 35), spanId: traceparent.slice(36, 52) },
      {
        startTime: p.sentAt,
        attributes: {
          'relaymesh.message.id': m.id,
          'relaymesh.origin': m.origin,
          'relaymesh.verification': p.verification,
          'relaymesh.trace.keeper': p.relayerId,
          ...(m.destination === undefined ? {} : { 'relaymesh.destination': m.destination }),
          ...(m.reasonCode === undefined ? {} : { 'relaymesh.reason_code': m.reasonCode }),
        },
      },
    )
    if (m.reasonCode !== undefined)
      span.setStatus({ code: SpanStatusCode.ERROR, message: `claim refused: ${m.reasonCode}` })
    span.end(p.sentAt)
  }
  return recorded
}
