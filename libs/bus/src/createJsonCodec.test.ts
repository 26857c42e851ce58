import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BaseError } from '@relaymesh/errors'
import { classifyError } from './classifyError.js'
import { createJsonCodec } from './createJsonCodec.js'
import { retryDelayMs } from './retryDelay.js'

type Transfer = { amount: bigint; memo: string }
const codec = createJsonCodec<Transfer>({
  contentType: 'application/vnd.test+json',
  parse: (raw) => {
    const r = raw as { amount: unknown; memo: unknown } // reason: validated field by field below
    if (typeof r.amount !== 'string' || !/^-?\d+$/.test(r.amount) || typeof r.memo !== 'string')
      throw new Error('bad transfer')
    return { amount: BigInt(r.amount), memo: r.memo }
  },
})

describe('createJsonCodec', () => {
  it('round-trips bigints beyond 2^53 as decimal strings', () => {
    const value = { amount: 2n ** 200n + 1n, memo: '123n' }
    const bytes = codec.encode(value)
    assert.match(
      new TextDecoder().decode(bytes),
      /"amount":"1606938044258990275541962092341162602522202993782792835301377"/,
    )
    assert.deepEqual(codec.decode(bytes), value)
  })
  it('throws on bytes that are not UTF-8 JSON of the schema', () => {
    assert.throws(() => codec.decode(new Uint8Array([0xff, 0xfe])))
    assert.throws(() => codec.decode(new TextEncoder().encode('{"amount":1,"memo":"x"}')), /bad transfer/)
  })
})

describe('retryDelayMs / classifyError', () => {
  it('backs off exponentially with a cap', () => {
    const b = { initialMs: 100, factor: 2, maxMs: 1_000 }
    assert.deepEqual(
      [1, 2, 3, 4, 5, 9].map((n) => retryDelayMs(n, b)),
      [100, 200, 400, 800, 1_000, 1_000],
    )
  })
  it('takes action and code from relaymesh errors, and a default for others', () => {
    assert.deepEqual(classifyError(new BaseError('x', { code: 'BAD_PROOF', action: 'reject' }), 'retry'), {
      action: 'reject',
      code: 'BAD_PROOF',
      message: 'x',
    })
    const detailed = new BaseError('cannot decode payload', {
      code: 'BUS_DECODE_FAILED',
      action: 'reject',
      details: 'cut',
    })
    assert.equal(classifyError(detailed, 'retry').message, 'cannot decode payload: cut')
    assert.deepEqual(classifyError(new TypeError('oops'), 'retry'), {
      action: 'retry',
      code: 'UNCLASSIFIED_ERROR',
      message: 'oops',
    })
  })
})
