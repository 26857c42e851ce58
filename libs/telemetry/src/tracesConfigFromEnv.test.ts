import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { tracesConfigFromEnv } from './tracesConfigFromEnv.js'
import { formatTraceparent, parseTraceparent } from './traceContextPropagator.js'

describe('tracesConfigFromEnv', () => {
  it('defaults to OTLP on localhost:4318 with parent-based always-on sampling', () => {
    const c = tracesConfigFromEnv({})
    assert.deepEqual([c.url, c.exporter, c.sampler, c.disabled], ['http://localhost:4318/v1/traces', 'otlp', 'parentbased_always_on', false])
  })
  it('appends /v1/traces to the generic endpoint only, and the traces endpoint wins', () => {
    assert.equal(tracesConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' }).url, 'http://c:4318/v1/traces')
    assert.equal(tracesConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t:9/x' }).url, 'http://t:9/x')
  })
  it('reads exporter, sampler, service name, headers and resource attributes', () => {
    const c = tracesConfigFromEnv({
      OTEL_TRACES_EXPORTER: 'none', OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25',
      OTEL_SERVICE_NAME: 'verifier-eu', OTEL_EXPORTER_OTLP_HEADERS: 'a=1,b=x%20y', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'a=2',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=devnet',
    })
    assert.deepEqual([c.exporter, c.sampler, c.samplerRatio, c.serviceName], ['none', 'parentbased_traceidratio', 0.25, 'verifier-eu'])
    assert.deepEqual(c.headers, { a: '2', b: 'x y' })
    assert.deepEqual(c.resourceAttributes, { 'deployment.environment.name': 'devnet' })
  })
  it('rejects unknown samplers, exporters and ratios', () => {
    assert.throws(() => tracesConfigFromEnv({ OTEL_TRACES_SAMPLER: 'sometimes' }), /OTEL_TRACES_SAMPLER/)
    assert.throws(() => tracesConfigFromEnv({ OTEL_TRACES_EXPORTER: 'zipkin' }), /OTEL_TRACES_EXPORTER/)
    assert.throws(() => tracesConfigFromEnv({ OTEL_TRACES_SAMPLER_ARG: '2' }), /OTEL_TRACES_SAMPLER_ARG/)
  })
})

describe('traceparent', () => {
  const tp = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'
  it('round-trips', () => {
    const sc = parseTraceparent(tp)
    assert.ok(sc)
    assert.equal(formatTraceparent(sc), tp)
    assert.equal(sc.isRemote, true)
  })
  it('rejects malformed and all-zero ids, and version ff', () => {
    for (const bad of ['', 'garbage', '00-00000000000000000000000000000000-b7ad6b7169203331-01', '00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01', 'ff' + tp.slice(2), tp + '-extra']) {
      assert.equal(parseTraceparent(bad), undefined, bad)
    }
  })
})
