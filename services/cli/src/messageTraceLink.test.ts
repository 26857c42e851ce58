import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { messageTraceId } from '@relaymesh/relayer/trace-id'
import { messageTraceLink } from './messageTraceLink.js'
import { parseOperatorArgs, UsageError } from './operatorArgs.js'

const id = '0x9c22ff5f21f0b81b113e63f7db6da94fedef11b2119b4088b89664fb9a3cb658' as const
const env = { apiUrl: 'http://127.0.0.1:8080', adminToken: undefined, jaegerUrl: undefined }

describe('message trace link', () => {
  it('gives the derived trace id, and the Jaeger URL only when a base is configured', () => {
    const traceId = messageTraceId(id)
    assert.match(traceId, /^[0-9a-f]{32}$/)
    assert.deepEqual(messageTraceLink(id, undefined), { traceId, sampled: undefined, jaegerUrl: undefined })
    for (const base of ['http://localhost:16686', 'http://localhost:16686/', 'https://ops.example/jaeger//']) {
      assert.equal(messageTraceLink(id, base).jaegerUrl, `${base.replace(/\/+$/, '')}/trace/${traceId}`)
    }
  })
  it('links a traced message, and no unsampled one: its trace holds no span', () => {
    const traceId = messageTraceId(id)
    const base = 'http://localhost:16686'
    const sampled = `00-${traceId}-00f067aa0ba902b7-01`
    const unsampled = `00-${traceId}-00f067aa0ba902b7-00`
    assert.deepEqual(messageTraceLink(id, base, sampled), {
      traceId,
      sampled: true,
      jaegerUrl: `${base}/trace/${traceId}`,
    })
    assert.deepEqual(messageTraceLink(id, base, unsampled), { traceId, sampled: false, jaegerUrl: undefined })
    assert.deepEqual(messageTraceLink(id, base, null), {
      traceId,
      sampled: undefined,
      jaegerUrl: `${base}/trace/${traceId}`,
    })
  })
  it('--jaeger overrides RELAYMESH_JAEGER_URL; a non-http value is a usage error', () => {
    assert.equal(parseOperatorArgs(['message', id], env).jaeger, undefined)
    assert.equal(parseOperatorArgs(['message', id], { ...env, jaegerUrl: 'http://j:16686' }).jaeger, 'http://j:16686')
    assert.equal(
      parseOperatorArgs(['message', id, '--jaeger', 'https://k'], { ...env, jaegerUrl: 'http://j:16686' }).jaeger,
      'https://k',
    )
    assert.throws(() => parseOperatorArgs(['message', id, '--jaeger', 'jaeger:16686'], env), UsageError)
  })
})
