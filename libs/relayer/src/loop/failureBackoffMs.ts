/** Longest pause after failed steps in a row (unless `intervalMs` is longer). */
export const LOOP_FAILURE_BACKOFF_MAX_MS = 5_000

/**
 * The pause after the `failures`-th failed step in a row: `intervalMs`, doubling per failure up to
 * `LOOP_FAILURE_BACKOFF_MAX_MS`. A step that keeps failing (an account out of funds, a node refusing) is
 * then not retried, and logged, five times a second for as long as it lasts.
 */
export function failureBackoffMs(intervalMs: number, failures: number): number {
  if (failures <= 0) return intervalMs
  return Math.max(intervalMs, Math.min(intervalMs * 2 ** (failures - 1), LOOP_FAILURE_BACKOFF_MAX_MS))
}
