/** One second of the mesh: messages sent so far and executed so far (all routes). */
export type BacklogSample = { atSeconds: number; sent: number; executed: number }

export type IsBacklogGrowingOptions = {
  /** How long the backlog must have grown to count (the 30 s). */
  windowSeconds: number
  /** Messages per second of backlog growth tolerated as noise (blocks and batches arrive in steps). */
  toleranceRate: number
}

export const defaultIsBacklogGrowingOptions: IsBacklogGrowingOptions = { windowSeconds: 30, toleranceRate: 0 }

/**
 * True when the backlog (sent, not yet executed) grew over the last
 * `windowSeconds`: its least-squares slope over the window is above
 * `toleranceRate` and it ends higher than it started. Batching makes the
 * backlog a saw-tooth, so a slope over the whole window is read, not two
 * points. False while the window is not yet full.
 *
 * @example
 * isBacklogGrowing(samples, { windowSeconds: 30, toleranceRate: 5 })
 */
export function isBacklogGrowing(
  samples: readonly BacklogSample[],
  options: IsBacklogGrowingOptions = defaultIsBacklogGrowingOptions,
): boolean {
  const last = samples.at(-1)
  if (!last) return false
  const window = samples.filter((s) => s.atSeconds >= last.atSeconds - options.windowSeconds)
  const first = window[0]
  if (!first || last.atSeconds - first.atSeconds < options.windowSeconds * 0.9) return false
  const points = window.map((s) => ({ x: s.atSeconds, y: s.sent - s.executed }))
  const mx = points.reduce((a, p) => a + p.x, 0) / points.length
  const my = points.reduce((a, p) => a + p.y, 0) / points.length
  let num = 0
  let den = 0
  for (const p of points) {
    num += (p.x - mx) * (p.y - my)
    den += (p.x - mx) ** 2
  }
  const slope = den === 0 ? 0 : num / den
  return slope > options.toleranceRate && (points.at(-1)?.y ?? 0) > (points[0]?.y ?? 0)
}
