import { isRelaymeshError } from '@relaymesh/errors'
import { SpanStatusCode, type Span } from '@relaymesh/telemetry'

/**
 * Codes that mean "not yet": the normal wait of a message, retried with
 * backoff until the state it waits for arrives. A span that ends in one is
 * not a failure.
 */
export const WAITING_CODES: ReadonlySet<string> = new Set([
  /** The source block is not final yet (light client or confirmations; Solana committee still signing). */
  'BLOCK_NOT_FINAL',
  /** A co-signer has not verified every message of the proposal yet. */
  'BATCH_PENDING_VERIFICATION',
])

/** Whether `error` is a wait (`action: 'retry'` with a code of {@link WAITING_CODES}) rather than a failure. */
export function isWaiting(error: unknown): boolean {
  return isRelaymeshError(error) && error.action === 'retry' && WAITING_CODES.has(error.code)
}

/**
 * Records how a span's work ended in an error. A wait (`isWaiting`) leaves
 * the span OK with a `relaymesh.wait` event and a `relaymesh.wait.reason`
 * attribute: in Jaeger, red means something went wrong. Anything else is
 * ERROR with the message, and `relaymesh.reason_code` when the error has a code.
 *
 * @example
 * } catch (error) {
 *   recordSpanError(span, error)
 *   throw error
 * }
 */
export function recordSpanError(span: Span, error: unknown): void {
  const message = isRelaymeshError(error) ? error.shortMessage : error instanceof Error ? error.message : String(error)
  if (isRelaymeshError(error) && isWaiting(error)) {
    span.addEvent('relaymesh.wait', { 'relaymesh.wait.reason': error.code, 'relaymesh.wait.detail': message })
    span.setAttribute('relaymesh.wait.reason', error.code)
    span.setStatus({ code: SpanStatusCode.OK })
    return
  }
  if (isRelaymeshError(error)) span.setAttribute('relaymesh.reason_code', error.code)
  span.setStatus({ code: SpanStatusCode.ERROR, message })
}
