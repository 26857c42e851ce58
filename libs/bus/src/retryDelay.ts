/** Exponential backoff for `nak(delay)`: `initialMs * factor^(deliveryCount - 1)`, capped at `maxMs`. */
export type RetryBackoff = { initialMs: number; factor: number; maxMs: number }

export const defaultRetryBackoff: RetryBackoff = { initialMs: 1_000, factor: 2, maxMs: 60_000 }

/**
 * Delay before the next delivery of a message that failed on its
 * `deliveryCount`-th delivery (1-based).
 *
 * @example
 * retryDelayMs(3, { initialMs: 1_000, factor: 2, maxMs: 60_000 }) // 4_000
 */
export function retryDelayMs(deliveryCount: number, backoff: RetryBackoff = defaultRetryBackoff): number {
  const exponent = Math.max(0, deliveryCount - 1)
  return Math.min(backoff.maxMs, Math.round(backoff.initialMs * backoff.factor ** exponent))
}
