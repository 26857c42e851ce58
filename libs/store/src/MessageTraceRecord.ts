/** A message id with the W3C `traceparent` stored beside it (null when it came without one). */
export type MessageTraceRecord = { id: Uint8Array; traceparent: string | null }
