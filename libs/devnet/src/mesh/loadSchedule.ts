/**
 * A fixed-rate offer schedule: how many messages a route owes by a given
 * time. Piecewise linear: `setRate` re-anchors at the moment it is called, so
 * what was owed before a change stays owed. Pure.
 *
 * @example
 * let schedule = createLoadSchedule({ rate: 200, atMs: 0 })
 * loadOwed(schedule, 1_500) // 300
 * schedule = setLoadRate(schedule, { rate: 400, atMs: 1_500 })
 * loadOwed(schedule, 2_000) // 500
 */
export type LoadSchedule = { readonly rate: number; readonly anchorMs: number; readonly anchorOwed: number }

/** A schedule owing `rate` messages per second from `atMs` on. */
export function createLoadSchedule(p: { rate: number; atMs: number }): LoadSchedule {
  assertRate(p.rate)
  return { rate: p.rate, anchorMs: p.atMs, anchorOwed: 0 }
}

/** The same schedule, owing `rate` per second from `atMs` on (what was owed until then is kept). */
export function setLoadRate(schedule: LoadSchedule, p: { rate: number; atMs: number }): LoadSchedule {
  assertRate(p.rate)
  return { rate: p.rate, anchorMs: p.atMs, anchorOwed: loadOwed(schedule, p.atMs) }
}

/**
 * Whole messages owed from the start until `atMs` (never decreasing: a clock
 * that steps back owes nothing more, and nothing less).
 */
export function loadOwed(schedule: LoadSchedule, atMs: number): number {
  const elapsed = Math.max(0, atMs - schedule.anchorMs)
  // The small epsilon keeps 0.1 * 3000 ms = 299.99999 from losing a message to floating point.
  return Math.floor(schedule.anchorOwed + (schedule.rate * elapsed) / 1000 + 1e-9)
}

function assertRate(rate: number): void {
  if (!Number.isFinite(rate) || rate < 0) throw new RangeError(`rate must be a finite number >= 0, got ${rate}`)
}
