import { BACKLOG_STAGES, type MeshSample } from '../MeshSample.js'

/** The devnet's destination chains by domain, as the bench's output names them. */
export const MESH_DESTINATION_NAMES: Record<string, string> = { '31337': 'ethereum-local', '31356': 'bsc-local' }

const DESTINATION_KEYS = ['31337', '31356']
const CSV_STAGES = ['sent', ...BACKLOG_STAGES, 'executed', 'rejected'] as const

/** The header line of `backlog.csv`: totals, then every stage per destination. */
export function backlogCsvHeader(): string {
  return [
    'seconds',
    'rate',
    'offered',
    'sent',
    'executed',
    ...DESTINATION_KEYS.flatMap((k) => CSV_STAGES.map((s) => `${MESH_DESTINATION_NAMES[k]}_${s}`)),
  ].join(',')
}

/** One sample as a line of `backlog.csv`. */
export function backlogCsvRow(s: MeshSample): string {
  return [
    s.atSeconds.toFixed(1),
    s.rate,
    Math.round(s.offered),
    s.sent,
    s.executed,
    ...DESTINATION_KEYS.flatMap((k) => CSV_STAGES.map((stage) => s.destinations[k]?.[stage] ?? 0)),
  ].join(',')
}
