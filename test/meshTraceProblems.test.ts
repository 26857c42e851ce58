// The e2e runs' judge of exported traces, on hand-made spans: its one exception to "no ERROR in the trace
// of an executed message" is the last automatic attempt's ERROR that the same relayer's recovered execute follows.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { messageTraceparent } from '@relaymesh/relayer'
import type { ReceivedSpan } from '@relaymesh/telemetry/testing'
import { meshTraceProblems } from './meshTraceProblems.js'

const id = `0x${'ab'.repeat(32)}`
const parent = messageTraceparent(id as `0x${string}`) // reason: a 32-byte hex id
const traceId = parent.slice(3, 35)
const rootId = parent.slice(36, 52)

function span(
  name: string,
  p: { relayer?: string; at: number; error?: boolean; spanId: string; attributes?: Record<string, unknown> },
): ReceivedSpan {
  const relayer = p.relayer ?? 'r1'
  return {
    traceId,
    spanId: p.spanId,
    parentSpanId: name === 'relaymesh.message' ? undefined : rootId,
    name,
    kind: 1,
    links: [],
    events: [],
    serviceName: 'settler',
    resource: { 'service.name': 'settler', 'service.namespace': 'relaymesh', 'relaymesh.relayer.id': relayer },
    status: p.error ? { code: 2, message: 'RECIPIENT_REVERTED: no attempt left after 3' } : { code: 0 },
    startTimeUnixNano: `${p.at}`,
    endTimeUnixNano: `${p.at + 1}`,
    attributes: p.attributes ?? {},
  }
}

const root = span('relaymesh.message', {
  spanId: rootId,
  at: 1,
  attributes: {
    'relaymesh.message.id': id,
    'relaymesh.origin': 1,
    'relaymesh.verification': 'light-client',
    'relaymesh.trace.keeper': 'r1',
    'relaymesh.destination': 56,
  },
})
const execute = (spanId: string, at: number, extra: { relayer?: string; error?: boolean; recovered?: boolean }) =>
  span('relaymesh.execute', {
    spanId,
    at,
    relayer: extra.relayer ?? 'r1',
    error: extra.error ?? false,
    attributes: {
      'relaymesh.message.id': id,
      'relaymesh.destination': 56,
      'relaymesh.batch.index': '0',
      'relaymesh.tx.hash': '0x01',
      'relaymesh.execute.outcome': extra.error ? 'failed' : 'executed',
      ...(extra.error
        ? {
            'relaymesh.reason_code': 'RECIPIENT_REVERTED',
            'relaymesh.execute.attempt': 3,
            'relaymesh.execute.retried': false,
          }
        : {}),
      ...(extra.recovered ? { 'relaymesh.execute.recovered': true } : {}),
    },
  })

describe('meshTraceProblems: an executed message and the ERROR of its last automatic attempt', () => {
  it("is accepted when the same relayer later exported an OK execute marked recovered (an operator's retry)", () => {
    const spans = [
      root,
      execute('0000000000000001', 10, { error: true }),
      execute('0000000000000002', 20, { recovered: true }),
    ]
    assert.deepEqual(meshTraceProblems(spans, { executedIds: [id] }), [])
  })
  it('is a problem without that span, when another relayer recovered it, or when the recovered span came first', () => {
    const error = execute('0000000000000001', 10, { error: true })
    for (const later of [
      [],
      [execute('0000000000000002', 20, {})],
      [execute('0000000000000002', 20, { relayer: 'r2', recovered: true })],
      [execute('0000000000000002', 5, { recovered: true })],
    ]) {
      assert.deepEqual(meshTraceProblems([root, error, ...later], { executedIds: [id] }), [
        'relaymesh.execute: ERROR (RECIPIENT_REVERTED: no attempt left after 3) in the trace of an executed ' +
          'message (1 spans)',
      ])
    }
  })
})
