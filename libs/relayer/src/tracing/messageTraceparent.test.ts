import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isTraceparentSampled, messageTraceId, messageTraceparent } from './messageTraceparent.js'

const id = '0x9c22ff5f21f0b81b113e63f7db6da94fedef11b2119b4088b89664fb9a3cb658' as const

describe('message traceparent', () => {
  it('derives one trace id per message id, as its traceparent carries it', () => {
    const traceparent = messageTraceparent(id)
    assert.match(traceparent, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/)
    assert.equal(traceparent.slice(3, 35), messageTraceId(id))
    assert.notEqual(messageTraceId(`0x${'00'.repeat(32)}`), messageTraceId(id))
  })
  it('reads the sampled flag of a stored traceparent; unknown without a W3C traceparent', () => {
    const trace = messageTraceId(id)
    const table: [string | null | undefined, boolean | undefined][] = [
      [`00-${trace}-00f067aa0ba902b7-01`, true],
      [`00-${trace}-00f067aa0ba902b7-00`, false],
      // Only bit 0 means sampled; other bits are reserved or say other things.
      [`00-${trace}-00f067aa0ba902b7-03`, true],
      [`00-${trace}-00f067aa0ba902b7-02`, false],
      [messageTraceparent(id), true],
      [null, undefined],
      [undefined, undefined],
      ['', undefined],
      ['not a traceparent', undefined],
      [`00-${trace}-00f067aa0ba902b7`, undefined],
      [`00-${trace.toUpperCase()}-00f067aa0ba902b7-01`, undefined],
    ]
    for (const [traceparent, sampled] of table)
      assert.equal(isTraceparentSampled(traceparent), sampled, String(traceparent))
  })
})
