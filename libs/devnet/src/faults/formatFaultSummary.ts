import type { FaultRecovery } from './measureRecovery.js'
import type { ReobservedBlock } from './findReobservedBlocks.js'

export type FaultRunFigures = {
  seed: number
  recoveries: readonly FaultRecovery[]
  /** Relayer processes that exited without being killed by the run (restarted by it, as Kubernetes would). */
  crashes: readonly string[]
  messages: number
  lost: number
  duplicated: number
  maxBacklog: number
  violations: readonly string[]
  /** Blocks a relayer passed without storing their messages and read again for a hint (healed, but a fault). */
  reobserved?: readonly ReobservedBlock[] | undefined
}

/**
 * The fault run's report: one line per fault played (with its recovery), per
 * fault kind the recovery times, the crashes, every violation, and a last
 * `faults: ...` line with the totals.
 *
 * @example
 * formatFaultSummary({
 *   seed: 7,
 *   recoveries,
 *   crashes: [],
 *   messages: 9000,
 *   lost: 0,
 *   duplicated: 0,
 *   maxBacklog: 2400,
 *   violations: [],
 * }).at(-1)
 * // 'faults: 6 played (seed 7), messages 9000, lost 0, duplicated 0, max backlog 2400, ...'
 */
export function formatFaultSummary(f: FaultRunFigures): string[] {
  const lines: string[] = []
  const show = (s: number | undefined) => (s === undefined ? 'not recovered' : `${s} s`)
  for (const r of f.recoveries) {
    lines.push(
      `  ${r.kind.padEnd(24)} ${r.target.padEnd(12)} at ${r.startedAt.toFixed(0).padStart(4)} s, ` +
        `down ${(r.restoredAt - r.startedAt).toFixed(1)} s, backlog ${r.baseline} -> peak ${r.peak}, ` +
        `recovery ${show(r.recoverySeconds)}${r.note ? `; ${r.note}` : ''}`,
    )
  }
  const byKind = new Map<string, Array<number | undefined>>()
  for (const r of f.recoveries) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r.recoverySeconds])
  const perKind = [...byKind].map(([kind, xs]) => `${kind} ${xs.map(show).join('/')}`)
  lines.push(`recovery per fault kind (after the part came back): ${perKind.join('; ') || 'none played'}`)
  if (f.crashes.length)
    lines.push(
      `crashes (processes that exited on their own, restarted by the run): ` +
        `${f.crashes.length}: ${f.crashes.join('; ')}`,
    )
  const reobserved = f.reobserved ?? []
  if (reobserved.length) {
    lines.push(
      `re-observed (a relayer passed these blocks without storing their messages; a hint brought them ` +
        `back): ${reobserved
          .map((b) => `${b.relayer} origin ${b.origin} block ${b.block} (${b.missing} missing, hint from ${b.from})`)
          .join('; ')}`,
    )
  }
  for (const v of f.violations) lines.push(`VIOLATION ${v}`)
  const worst = f.recoveries.map((r) => r.recoverySeconds)
  // reason: no undefined left
  const maxRecovery = worst.includes(undefined)
    ? 'not recovered'
    : worst.length
      ? `${Math.max(...(worst as number[]))} s`
      : '-'
  lines.push(
    `faults: ${f.recoveries.length} played (seed ${f.seed}), messages ${f.messages}, lost ${f.lost}, ` +
      `duplicated ${f.duplicated}, max backlog ${f.maxBacklog}, max recovery ${maxRecovery}, ` +
      `crashes ${f.crashes.length}, re-observed ${reobserved.length}, violations ${f.violations.length}`,
  )
  return lines
}
