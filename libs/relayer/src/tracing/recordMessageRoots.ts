import type { Telemetry } from '@relaymesh/telemetry'
import type { Hex } from 'viem'
import { messageTraceparent } from './messageTraceparent.js'

export type MessageRoot = { id: Hex; origin: number; destination: number }

export type RecordMessageRootsParameters = {
  messages: readonly MessageRoot[]
  verification: string
  relayerId: string
  /** When the bundle was observed (ms since the epoch): the root starts there. */
  startTime: number
  /** When the messages were stored as verified: the root ends there. */
  endTime: number
}

/**
 * Exports the root span `relaymesh.message` of each message's trace, with the
 * ids every relayer derives from the message id (`messageTraceparent`), so
 * the `relaymesh.observe` spans of all relayers, which name it as parent,
 * hang from it. Call it exactly once per message in the whole mesh: from the
 * message's trace keeper (`isMessageTraceKeeper`), for the ids its database
 * stored for the first time (a redelivered or replayed bundle stores nothing
 * new, so it adds no second root).
 *
 * @example
 * recordMessageRoots(ctx.telemetry, { messages, verification: 'light-client', relayerId, startTime: meta.observedAt, endTime: Date.now() })
 */
export function recordMessageRoots(telemetry: Pick<Telemetry, 'startRootSpan'>, p: RecordMessageRootsParameters): void {
  for (const m of p.messages) {
    const traceparent = messageTraceparent(m.id)
    const span = telemetry.startRootSpan('relaymesh.message', { traceId: traceparent.slice(3, 35), spanId: traceparent.slice(36, 52) }, {
      startTime: Math.min(p.startTime, p.endTime),
      attributes: {
        'relaymesh.message.id': m.id, 'relaymesh.origin': m.origin, 'relaymesh.destination': m.destination,
        'relaymesh.verification': p.verification, 'relaymesh.trace.keeper': p.relayerId,
      },
    })
    span.end(p.endTime)
  }
}
