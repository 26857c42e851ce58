/** How far one relayer observed the same messages behind another, in seconds. */
export type ObservationLag = { count: number; p50: number; p99: number }

/**
 * The lag of `other`'s observation of each message behind `first`'s (message id → ms since the epoch), over the
 * messages both observed: p50 and p99 interpolated as Postgres's `percentile_cont` does. A batch needs its co-signers
 * to have verified every message it holds, so the co-signers' lag is a floor under the quorum wait. Undefined when
 * they share no message.
 *
 * @example
 * observationLag(new Map([['aa', 1_000]]), new Map([['aa', 3_500]])) // { count: 1, p50: 2.5, p99: 2.5 }
 */
export function observationLag(
  first: ReadonlyMap<string, number>,
  other: ReadonlyMap<string, number>,
): ObservationLag | undefined {
  const lags: number[] = []
  for (const [id, at] of other) {
    const before = first.get(id)
    if (before !== undefined) lags.push((at - before) / 1000)
  }
  if (lags.length === 0) return undefined
  lags.sort((a, b) => a - b)
  return { count: lags.length, p50: interpolated(lags, 0.5), p99: interpolated(lags, 0.99) }
}

function interpolated(sorted: readonly number[], fraction: number): number {
  const at = fraction * (sorted.length - 1)
  const low = Math.floor(at)
  const below = sorted[low] as number // reason: 0 <= low < sorted.length
  const above = sorted[Math.min(low + 1, sorted.length - 1)] as number // reason: clamped to the last index
  return below + (above - below) * (at - low)
}
