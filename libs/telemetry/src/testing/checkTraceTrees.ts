import type { ReceivedSpan } from './decodeOtlpJson.js'
import { dedupeIdenticalSpans } from './dedupeIdenticalSpans.js'

/** Why a trace would not show as one tree in Jaeger. */
export type TraceTreeProblem =
  | { traceId: string; problem: 'no-root' }
  | {
      traceId: string
      problem: 'several-roots'
      roots: { spanId: string; name: string; serviceName: string | undefined }[]
    }
  | { traceId: string; problem: 'dangling-parent'; spanId: string; name: string; parentSpanId: string }
  | { traceId: string; problem: 'duplicate-span-id'; spanId: string; names: string[] }

/**
 * Checks that every trace in `spans` is one tree: exactly one root (a span
 * without parent), every parent present in the same trace, no span id twice.
 * Order of arrival does not matter: a trace is judged on all its spans, as
 * Jaeger shows them (`dedupeIdenticalSpans`: an identical copy is one span).
 * Returns the problems found, `[]` when every trace is whole.
 *
 * @example
 * assert.deepEqual(checkTraceTrees(receiver.spans()), [])
 */
export function checkTraceTrees(spans: readonly ReceivedSpan[]): TraceTreeProblem[] {
  const traces = new Map<string, ReceivedSpan[]>()
  for (const s of dedupeIdenticalSpans(spans)) traces.set(s.traceId, [...(traces.get(s.traceId) ?? []), s])
  const problems: TraceTreeProblem[] = []
  for (const [traceId, members] of traces) {
    const byId = new Map<string, ReceivedSpan[]>()
    for (const s of members) byId.set(s.spanId, [...(byId.get(s.spanId) ?? []), s])
    for (const [spanId, same] of byId) {
      if (same.length > 1)
        problems.push({ traceId, problem: 'duplicate-span-id', spanId, names: same.map((s) => s.name) })
    }
    const roots = members.filter((s) => s.parentSpanId === undefined)
    if (roots.length === 0) problems.push({ traceId, problem: 'no-root' })
    if (roots.length > 1)
      problems.push({
        traceId,
        problem: 'several-roots',
        roots: roots.map((s) => ({ spanId: s.spanId, name: s.name, serviceName: s.serviceName })),
      })
    for (const s of members) {
      if (s.parentSpanId !== undefined && !byId.has(s.parentSpanId)) {
        problems.push({
          traceId,
          problem: 'dangling-parent',
          spanId: s.spanId,
          name: s.name,
          parentSpanId: s.parentSpanId,
        })
      }
    }
  }
  return problems
}
