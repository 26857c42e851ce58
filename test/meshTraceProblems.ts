// What an end-to-end run's exported traces must look like, as a list of problems ([] = all good):
// every trace one rooted tree, each message's trace rooted at its relaymesh.message, no ERROR span in the trace
// of a message that was executed (but the last automatic attempt's, when an operator's retry recovered it), and
// every span's name, parent and attributes as the operator guide's table says.
import { readFileSync } from 'node:fs'
import { messageTraceId } from '@relaymesh/relayer'
import { checkTraceTrees, dedupeIdenticalSpans, type ReceivedSpan } from '@relaymesh/telemetry/testing'
import { readGuideSpanTable } from '../deploy/guideSpanTable.js'

const table = readGuideSpanTable(readFileSync(new URL('../deploy/README.md', import.meta.url), 'utf8'))
const OTLP_STATUS_ERROR = 2

/** Problems, each counted once per kind (`name: what (n spans)`), so a systematic fault reads as one line. */
export function meshTraceProblems(received: readonly ReceivedSpan[], p: { executedIds: readonly string[] }): string[] {
  // As Jaeger's query shows them: a root its keeper exported again, identical to the byte, is one span.
  const spans = dedupeIdenticalSpans(received)
  const counts = new Map<string, number>()
  const add = (problem: string) => counts.set(problem, (counts.get(problem) ?? 0) + 1)
  for (const t of checkTraceTrees(spans))
    add(
      `trace not one tree: ${t.problem}${'name' in t ? ` at ${t.name}` : ''}` +
        `${'roots' in t ? ` (${t.roots.map((r) => r.name).join(', ')})` : ''}`,
    )
  const byId = new Map(spans.map((s) => [`${s.traceId}/${s.spanId}`, s]))
  for (const s of spans) {
    const row = table.get(s.name)
    if (!row) {
      add(`${s.name}: not in the guide's span table`)
      continue
    }
    const parent = s.parentSpanId === undefined ? undefined : byId.get(`${s.traceId}/${s.parentSpanId}`)?.name
    if (parent !== row.parent) add(`${s.name}: parent ${parent ?? 'none'}, the guide says ${row.parent ?? 'none'}`)
    for (const key of row.always) if (!(key in s.attributes)) add(`${s.name}: no ${key}`)
    for (const key of Object.keys(s.attributes))
      if (!row.always.includes(key) && !row.sometimes.includes(key)) add(`${s.name}: undocumented attribute ${key}`)
    if ('relaymesh.wait.reason' in s.attributes && s.status.code === OTLP_STATUS_ERROR)
      add(`${s.name}: a wait (${String(s.attributes['relaymesh.wait.reason'])}) is ERROR`)
  }
  const traces = new Map<string, ReceivedSpan[]>()
  for (const s of spans) traces.set(s.traceId, [...(traces.get(s.traceId) ?? []), s])
  for (const id of p.executedIds) {
    const mine = traces.get(messageTraceId(id as `0x${string}`)) ?? [] // reason: ids come from Dispatch logs (0x hex)
    const roots = mine.filter((s) => s.parentSpanId === undefined)
    if (
      roots.length !== 1 ||
      roots[0]?.name !== 'relaymesh.message' ||
      roots[0].attributes['relaymesh.message.id'] !== id
    ) {
      add(`message trace rooted at [${roots.map((r) => r.name).join(', ')}], not at its one relaymesh.message`)
    }
    for (const s of mine) {
      if (s.status.code === OTLP_STATUS_ERROR && !recoveredLater(s, mine))
        add(`${s.name}: ERROR (${s.status.message ?? ''}) in the trace of an executed message`)
    }
  }
  return [...counts].map(([problem, n]) => `${problem} (${n} spans)`)
}

/**
 * The guide's one exception to "no ERROR in an executed message's trace": the ERROR `relaymesh.execute` of the
 * last automatic attempt (the message needed an operator) when the same relayer later exported an OK
 * `relaymesh.execute` marked `relaymesh.execute.recovered` (the operator's retry executed it).
 */
function recoveredLater(error: ReceivedSpan, trace: readonly ReceivedSpan[]): boolean {
  if (error.name !== 'relaymesh.execute') return false
  const relayer = error.resource['relaymesh.relayer.id']
  return trace.some(
    (s) =>
      s.name === 'relaymesh.execute' &&
      s.status.code !== OTLP_STATUS_ERROR &&
      s.attributes['relaymesh.execute.recovered'] === true &&
      s.resource['relaymesh.relayer.id'] === relayer &&
      BigInt(s.startTimeUnixNano) >= BigInt(error.endTimeUnixNano),
  )
}
