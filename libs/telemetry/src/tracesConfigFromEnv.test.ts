import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isRelaymeshError } from '@relaymesh/errors'
import { TelemetryError } from './TelemetryError.js'
import { tracesConfigFromEnv, type TelemetryEnv } from './tracesConfigFromEnv.js'
import { formatTraceparent, parseTraceparent } from './traceContextPropagator.js'

describe('tracesConfigFromEnv', () => {
  it('defaults to OTLP on localhost:4318 with parent-based trace-id ratio sampling at 0.01', () => {
    const c = tracesConfigFromEnv({})
    assert.deepEqual(
      [c.url, c.exporter, c.sampler, c.samplerRatio, c.disabled],
      ['http://localhost:4318/v1/traces', 'otlp', 'parentbased_traceidratio', 0.01, false],
    )
  })
  it('takes the ratio from OTEL_TRACES_SAMPLER_ARG; a sampler named without it gets the specification default, 1', () => {
    const cases: [TelemetryEnv, string, number][] = [
      [{ OTEL_TRACES_SAMPLER_ARG: '1' }, 'parentbased_traceidratio', 1],
      [{ OTEL_TRACES_SAMPLER_ARG: '0.5' }, 'parentbased_traceidratio', 0.5],
      [{ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio' }, 'parentbased_traceidratio', 1],
      [{ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' }, 'traceidratio', 0.1],
      [{ OTEL_TRACES_SAMPLER: 'parentbased_always_on' }, 'parentbased_always_on', 1],
    ]
    for (const [env, sampler, ratio] of cases) {
      const c = tracesConfigFromEnv(env)
      assert.deepEqual([c.sampler, c.samplerRatio], [sampler, ratio], JSON.stringify(env))
    }
  })
  it('exports OTLP/protobuf by default, JSON on request; the traces-specific protocol wins', () => {
    const cases: [TelemetryEnv, string][] = [
      [{}, 'http/protobuf'],
      [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, 'http/json'],
      [{ OTEL_EXPORTER_OTLP_PROTOCOL: ' HTTP/JSON ' }, 'http/json'],
      [
        { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' },
        'http/protobuf',
      ],
      [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json' }, 'http/json'],
      [{ OTEL_EXPORTER_OTLP_PROTOCOL: '' }, 'http/protobuf'],
    ]
    for (const [env, protocol] of cases) assert.equal(tracesConfigFromEnv(env).protocol, protocol, JSON.stringify(env))
  })
  it('refuses every value it cannot honour with a fatal TelemetryError and its code', () => {
    const cases: [TelemetryEnv, string, RegExp][] = [
      [
        { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
        'OTEL_PROTOCOL_UNSUPPORTED',
        /OTEL_EXPORTER_OTLP_PROTOCOL "grpc".*http\/protobuf, http\/json.*4318/,
      ],
      [
        { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/xml' },
        'OTEL_PROTOCOL_UNSUPPORTED',
        /OTEL_EXPORTER_OTLP_TRACES_PROTOCOL "http\/xml"/,
      ],
      [{ OTEL_TRACES_SAMPLER: 'sometimes' }, 'OTEL_SAMPLER_UNSUPPORTED', /OTEL_TRACES_SAMPLER/],
      [{ OTEL_TRACES_EXPORTER: 'zipkin' }, 'OTEL_EXPORTER_UNSUPPORTED', /OTEL_TRACES_EXPORTER/],
      [{ OTEL_TRACES_SAMPLER_ARG: '2' }, 'OTEL_SAMPLER_ARG_INVALID', /OTEL_TRACES_SAMPLER_ARG/],
      [{ OTEL_TRACES_SAMPLER_ARG: 'half' }, 'OTEL_SAMPLER_ARG_INVALID', /OTEL_TRACES_SAMPLER_ARG/],
      [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_ENDPOINT_INVALID', /OTEL_EXPORTER_OTLP_ENDPOINT/],
      [
        { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' },
        'OTEL_ENDPOINT_INVALID',
        /OTEL_EXPORTER_OTLP_TRACES_ENDPOINT/,
      ],
    ]
    for (const [env, code, message] of cases) {
      assert.throws(
        () => tracesConfigFromEnv(env),
        (error: unknown) => {
          assert.ok(
            error instanceof TelemetryError && isRelaymeshError(error, code),
            `${JSON.stringify(env)}: ${String(error)}`,
          )
          assert.equal(error.action, 'fatal')
          assert.match(error.shortMessage, message)
          assert.deepEqual(error.toJSON().code, code)
          return true
        },
      )
    }
  })
  it('appends /v1/traces to the generic endpoint only, and the traces endpoint wins', () => {
    assert.equal(tracesConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' }).url, 'http://c:4318/v1/traces')
    assert.equal(
      tracesConfigFromEnv({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t:9/x',
      }).url,
      'http://t:9/x',
    )
  })
  it('reads exporter, sampler, service name, headers and resource attributes', () => {
    const c = tracesConfigFromEnv({
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      OTEL_SERVICE_NAME: 'verifier-eu',
      OTEL_EXPORTER_OTLP_HEADERS: 'a=1,b=x%20y',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'a=2',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=devnet',
    })
    assert.deepEqual(
      [c.exporter, c.sampler, c.samplerRatio, c.serviceName],
      ['none', 'parentbased_traceidratio', 0.25, 'verifier-eu'],
    )
    assert.deepEqual(c.headers, { a: '2', b: 'x y' })
    assert.deepEqual(c.resourceAttributes, { 'deployment.environment.name': 'devnet' })
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
    for (const bad of [
      '',
      'garbage',
      '00-00000000000000000000000000000000-b7ad6b7169203331-01',
      '00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01',
      'ff' + tp.slice(2),
      tp + '-extra',
    ]) {
      assert.equal(parseTraceparent(bad), undefined, bad)
    }
  })
})
