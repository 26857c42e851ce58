import type { FaultKind } from './planFaults.js'

/**
 * A fault as it was played: seconds on the samples' clock when it hit and when the failed part was back; `problem`
 * when a check made while it played failed (a violation of the run).
 */
export type PlayedFault = {
  kind: FaultKind
  target: string
  startedAt: number
  restoredAt: number
  note?: string | undefined
  problem?: string | undefined
}

/** The mesh's backlog (messages sent or stored and not yet executed, all destinations) at a moment. */
export type BacklogPoint = { atSeconds: number; backlog: number }

export type FaultRecovery = PlayedFault & {
  /** Highest backlog in the window before the fault: the level to come back to. */
  baseline: number
  /** Highest backlog from the fault until it recovered. */
  peak: number
  /** Seconds from `restoredAt` until the backlog was back at `baseline`; undefined if it never was. */
  recoverySeconds: number | undefined
}

export type MeasureRecoveryOptions = {
  /** Seconds before the fault the baseline is taken over; default 10. */
  baselineSeconds?: number | undefined
  /**
   * Messages of slack above the baseline still counted as recovered (the offered rate over a second or two); default 0.
   */
  slack?: number | undefined
}

/**
 * Recovery per fault from the per-second backlog: the first sample at or
 * after the failed part came back whose backlog is no higher than the highest
 * backlog of the `baselineSeconds` before the fault (plus `slack`).
 *
 * @example
 * measureRecovery(points, [{ kind: 'restart-nats', target: 'nats', startedAt: 30, restoredAt: 34 }], { slack: 100 })[0]
 *   ?.recoverySeconds
 */
export function measureRecovery(
  points: readonly BacklogPoint[],
  faults: readonly PlayedFault[],
  o: MeasureRecoveryOptions = {},
): FaultRecovery[] {
  const window = o.baselineSeconds ?? 10
  const slack = o.slack ?? 0
  return faults.map((f) => {
    const before = points.filter((p) => p.atSeconds < f.startedAt && p.atSeconds >= f.startedAt - window)
    const baseline = before.length ? Math.max(...before.map((p) => p.backlog)) : 0
    let peak = 0
    let recoverySeconds: number | undefined
    for (const p of points) {
      if (p.atSeconds < f.startedAt) continue
      peak = Math.max(peak, p.backlog)
      if (p.atSeconds >= f.restoredAt && p.backlog <= baseline + slack) {
        recoverySeconds = Math.round((p.atSeconds - f.restoredAt) * 10) / 10
        break
      }
    }
    return { ...f, baseline, peak, recoverySeconds }
  })
}
