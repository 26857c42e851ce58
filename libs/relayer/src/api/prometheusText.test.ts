import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createApiMetrics } from './ApiMetrics.js'
import { formatSample, parsePrometheusText } from './prometheusText.js'

describe('prometheusText', () => {
  it('escapes label values and parses them back', () => {
    const line = formatSample('relaymesh_x_total', { route: 'a"b\\c\nd', le: '+Inf' }, Infinity)
    assert.equal(line, 'relaymesh_x_total{route="a\\"b\\\\c\\nd",le="+Inf"} +Inf')
    assert.deepEqual(parsePrometheusText(`# HELP x y\n${line}\nplain 2.5\n`), [
      { name: 'relaymesh_x_total', labels: { route: 'a"b\\c\nd', le: '+Inf' }, value: Infinity },
      { name: 'plain', labels: {}, value: 2.5 },
    ])
    assert.throws(() => parsePrometheusText('not a sample line at all'))
  })

  it('renders request counters and a cumulative histogram per route', () => {
    const metrics = createApiMetrics()
    metrics.observeRequest('/v1/stats', 200, 0.003)
    metrics.observeRequest('/v1/stats', 200, 0.2)
    metrics.observeRequest('/v1/stats', 503, 60)
    const memory = { rss: 1, heapTotal: 2, heapUsed: 3, external: 4, arrayBuffers: 5 }
    const counts = { observed: 0, verified: 2, rejected: 0, batched: 0, settled: 0, executed: 1, failed: 0 }
    const stats = { total: counts, byDestination: { '56': counts }, byRoute: { '1-56': counts } }
    const samples = parsePrometheusText(metrics.render({ stats, memory }))
    const find = (name: string, labels: Record<string, string> = {}) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value
    assert.equal(find('relaymesh_messages', { destination: '56', state: 'verified' }), 2)
    assert.equal(find('relaymesh_api_requests_total', { route: '/v1/stats', status: '200' }), 2)
    assert.equal(find('relaymesh_api_requests_total', { route: '/v1/stats', status: '503' }), 1)
    assert.equal(find('relaymesh_api_request_seconds_bucket', { le: '0.005' }), 1)
    assert.equal(find('relaymesh_api_request_seconds_bucket', { le: '0.25' }), 2)
    assert.equal(find('relaymesh_api_request_seconds_bucket', { le: '10' }), 2)
    assert.equal(find('relaymesh_api_request_seconds_bucket', { le: '+Inf' }), 3)
    assert.equal(find('relaymesh_api_request_seconds_count'), 3)
    assert.equal(find('nodejs_external_memory_bytes'), 4)
  })
})
