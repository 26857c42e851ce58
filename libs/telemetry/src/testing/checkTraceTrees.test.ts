import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkTraceTrees } from './checkTraceTrees.js'
import type { ReceivedSpan } from './decodeOtlpJson.js'

function span(traceId: string, spanId: string, parentSpanId?: string, name = spanId): ReceivedSpan {
  return {
    traceId,
    spanId,
    parentSpanId,
    name,
    kind: 1,
    attributes: {},
    links: [],
    events: [],
    serviceName: 'svc',
    resource: {},
    status: { code: 0 },
    startTimeUnixNano: '1',
    endTimeUnixNano: '2',
  }
}

describe('checkTraceTrees', () => {
  it('accepts whole trees, in any order of arrival', () => {
    const tree = [span('t1', 'c', 'b'), span('t1', 'b', 'a'), span('t1', 'a'), span('t2', 'x')]
    assert.deepEqual(checkTraceTrees(tree), [])
    assert.deepEqual(checkTraceTrees([...tree].reverse()), [])
  })
  it('names each way a trace is not one tree', () => {
    const problems = checkTraceTrees([
      span('none', 'a', 'z'),
      span('two', 'r1'),
      span('two', 'r2'),
      span('dup', 'r'),
      span('dup', 'k', 'r', 'first'),
      span('dup', 'k', 'r', 'second'),
      // An identical copy (a root exported again) is one span, as Jaeger's query shows it: no problem.
      span('copy', 'r'),
      span('copy', 'r'),
      { ...span('copy', 'c', 'r'), attributes: { a: 1, b: 2 } },
      { ...span('copy', 'c', 'r'), attributes: { b: 2, a: 1 } },
    ])
    assert.deepEqual(problems, [
      { traceId: 'none', problem: 'no-root' },
      { traceId: 'none', problem: 'dangling-parent', spanId: 'a', name: 'a', parentSpanId: 'z' },
      {
        traceId: 'two',
        problem: 'several-roots',
        roots: [
          { spanId: 'r1', name: 'r1', serviceName: 'svc' },
          { spanId: 'r2', name: 'r2', serviceName: 'svc' },
        ],
      },
      { traceId: 'dup', problem: 'duplicate-span-id', spanId: 'k', names: ['first', 'second'] },
    ])
  })
})
