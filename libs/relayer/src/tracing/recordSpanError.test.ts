import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BaseError } from '@relaymesh/errors'
import { SpanStatusCode, type Span } from '@relaymesh/telemetry'
import { RelayerError } from '../RelayerError.js'
import { recordSpanError } from './recordSpanError.js'

/** What `recordSpanError` writes, through the Span interface. */
function fakeSpan() {
  const seen = {
    events: [] as [string, unknown][],
    attributes: {} as Record<string, unknown>,
    status: undefined as unknown,
  }
  const span = {
    addEvent: (name: string, attributes: unknown) => {
      seen.events.push([name, attributes])
      return span
    },
    setAttribute: (key: string, value: unknown) => {
      seen.attributes[key] = value
      return span
    },
    setStatus: (status: unknown) => {
      seen.status = status
      return span
    },
  }
  // reason: the three methods recordSpanError calls; the rest is never reached
  return { span: span as unknown as Span, seen }
}

describe('recordSpanError', () => {
  it('a wait (BLOCK_NOT_FINAL, BATCH_PENDING_VERIFICATION) is an event and attribute on an OK span', () => {
    for (const code of ['BLOCK_NOT_FINAL', 'BATCH_PENDING_VERIFICATION'] as const) {
      const { span, seen } = fakeSpan()
      recordSpanError(span, new RelayerError('not yet', { code, action: 'retry' }))
      assert.deepEqual(seen.status, { code: SpanStatusCode.OK }, code)
      assert.deepEqual(seen.events, [
        ['relaymesh.wait', { 'relaymesh.wait.reason': code, 'relaymesh.wait.detail': 'not yet' }],
      ])
      assert.deepEqual(seen.attributes, { 'relaymesh.wait.reason': code })
    }
  })
  it('failures and rejections are ERROR, with the reason code when there is one', () => {
    const cases: [unknown, string | undefined, string][] = [
      [new RelayerError('rpc down', { code: 'RPC_UNAVAILABLE', action: 'retry' }), 'RPC_UNAVAILABLE', 'rpc down'],
      [new RelayerError('bad proof', { code: 'RECEIPT_PROOF_INVALID' }), 'RECEIPT_PROOF_INVALID', 'bad proof'],
      // A waiting code that is not a retry (a rejection that reuses the name) is a failure.
      [new BaseError('gave up', { code: 'BLOCK_NOT_FINAL', action: 'reject' }), 'BLOCK_NOT_FINAL', 'gave up'],
      [new Error('socket hang up'), undefined, 'socket hang up'],
      ['a string', undefined, 'a string'],
    ]
    for (const [error, code, message] of cases) {
      const { span, seen } = fakeSpan()
      recordSpanError(span, error)
      assert.deepEqual(seen.status, { code: SpanStatusCode.ERROR, message })
      assert.deepEqual(seen.events, [])
      assert.deepEqual(seen.attributes, code ? { 'relaymesh.reason_code': code } : {})
    }
  })
})
