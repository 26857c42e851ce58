import type { MessageTraceRecord } from '@relaymesh/store'
import type { MessageTrace } from './MessageTrace.js'

/**
 * A stored message trace as spans take it.
 *
 * @example
 * const messages = (await listExecutedTraces(db, { ids })).map(toMessageTrace)
 */
export const toMessageTrace = (r: MessageTraceRecord): MessageTrace => ({
  id: r.id,
  traceparent: r.traceparent ?? undefined,
})
