/**
 * A message as its spans need it: the id (bytes; hex only on the span's attribute) and its stored `traceparent`.
 */
export type MessageTrace = { id: Uint8Array; traceparent: string | undefined }
