import type { MeshRunSummary } from './mesh/summarizeMeshRun.js'

export type FormatMeshSummaryOptions = {
  findMax: boolean
  heldRate: number | undefined
  offeredRate: number
  loadSeconds: number
  stalled: string[]
  runDir: string
  drainGaveUp?: boolean | undefined
  /** Seconds the CPU figures cover (for % of a core). */ wallSeconds?: number | undefined
}

const MiB = 1024 * 1024
const fixed = (x: number | undefined, digits = 1) => (x === undefined ? '-' : x.toFixed(digits))

/**
 * The benchmark's report: a table per route (offered, sent, executed, lost,
 * executed twice, p50/p99 observed→executed), one per process (CPU per
 * 1,000 messages, peak RSS), one per relayer identity, and last the line
 * `sustained: N msgs/s ...` with the figures that matter.
 *
 * @example
 * for (const line of formatMeshSummary(summary, options)) console.log(line)
 */
export function formatMeshSummary(s: MeshRunSummary, o: FormatMeshSummaryOptions): string[] {
  const lines = ['', 'route              offered      sent  executed   lost  twice   p50 s   p99 s']
  for (const r of s.routes) {
    lines.push(
      `${r.route.padEnd(17)} ${String(r.offered).padStart(8)} ${String(r.sent).padStart(9)} ` +
        `${String(r.executed).padStart(9)} ${String(r.lost).padStart(6)} ${String(r.executedTwice).padStart(6)} ` +
        `${fixed(r.p50).padStart(7)} ${fixed(r.p99).padStart(7)}`,
    )
  }
  lines.push(
    '',
    'process                                                   CPU s   % of a core   CPU ms/1k msgs   peak RSS MiB',
  )
  const share = (cpu: number) => (o.wallSeconds ? fixed((100 * cpu) / o.wallSeconds) : '-')
  for (const p of s.processes)
    lines.push(
      `${p.name.padEnd(56)} ${fixed(p.cpuSeconds).padStart(7)} ${share(p.cpuSeconds).padStart(13)} ` +
        `${fixed(p.cpuMsPer1000).padStart(16)} ${fixed(p.peakRssBytes / MiB, 0).padStart(14)}`,
    )
  lines.push('', 'relayer identity   CPU s   CPU µs/msg   peak RSS MiB (largest process)')
  for (const i of s.identities)
    lines.push(
      `${i.identity.padEnd(16)} ${fixed(i.cpuSeconds).padStart(7)} ` +
        `${fixed(i.cpuMicrosPerMessage, 0).padStart(12)} ${fixed(i.peakRssBytes / MiB, 0).padStart(14)}`,
    )
  lines.push('', `run folder: ${o.runDir} (backlog.csv, backlog.svg, summary.json, <relayer>/<service>.log)`)
  if (o.drainGaveUp)
    lines.push(
      `DRAIN GAVE UP with ${s.lost} messages sent and not executed (counted as lost): the mesh did not keep up, ` +
        `see backlog.csv`,
    )
  if (o.stalled.length)
    lines.push(`STALLED destinations (backlog held 30 s with no execution): ${o.stalled.join(', ')}`)
  const cpu = s.identities.length ? Math.max(...s.identities.map((i) => i.cpuMicrosPerMessage)) : 0
  const rss = s.processes.filter((p) => p.name.startsWith('r')).reduce((a, p) => Math.max(a, p.peakRssBytes), 0)
  const held = o.findMax
    ? `highest rate held ${o.heldRate ?? 'none'} msgs/s, `
    : `offered ${o.offeredRate} msgs/s for ${o.loadSeconds.toFixed(0)} s, `
  lines.push(
    `sustained: ${s.sustained.toFixed(0)} msgs/s (${held}executed ${s.executed}, lost ${s.lost}, executed ` +
      `twice ${s.executedTwice}, p99 observed→executed ${fixed(s.p99)} s, relayer CPU ${cpu.toFixed(0)} µs/msg ` +
      `(max identity), peak relayer RSS ${(rss / MiB).toFixed(0)} MiB)`,
  )
  return lines
}
