import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import { createTelemetry, type Telemetry } from './createTelemetry.js'
import { contextFromTraceparent } from './contextFromTraceparent.js'
import { checkTraceTrees, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './testing/index.js'
import type { OtlpProtocol } from './tracesConfigFromEnv.js'

const quiet = { OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' }

/** What survives either encoding: everything but times. */
function comparable(s: ReceivedSpan) {
  return {
    name: s.name,
    kind: s.kind,
    parent: s.parentSpanId !== undefined,
    attributes: s.attributes,
    events: s.events.map((e) => ({ name: e.name, attributes: e.attributes })),
    links: s.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, attributes: l.attributes })),
    status: s.status,
    serviceName: s.serviceName,
    relayer: s.resource['relaymesh.relayer.id'],
    ended: BigInt(s.endTimeUnixNano) >= BigInt(s.startTimeUnixNano) && BigInt(s.startTimeUnixNano) > 0n,
  }
}

async function exportSample(receiver: OtlpReceiver, protocol: OtlpProtocol) {
  const telemetry = createTelemetry({
    serviceName: `svc-${protocol}`,
    relayerId: 'r1',
    registerGlobal: false,
    env: {
      ...quiet,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_RESOURCE_ATTRIBUTES: 'k8s.pod.name=pod-7',
      OTEL_TRACES_SAMPLER_ARG: '1',
    },
  })
  assert.equal(telemetry.config.protocol, protocol)
  const root = telemetry.startRootSpan(
    'sample.root',
    { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' },
    { attributes: { protocol } },
  )
  const child = telemetry.tracer.startSpan(
    'sample.child',
    {
      kind: SpanKind.SERVER,
      attributes: { s: 'x', i: 7, d: 1.5, b: true, list: ['a', 'b'], big: 2 ** 40 },
      links: [
        { context: { traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: 1 }, attributes: { why: 'link' } },
      ],
    },
    trace.setSpan(contextFromTraceparent(undefined), root),
  )
  child.addEvent('relaymesh.wait', { 'relaymesh.wait.reason': 'BLOCK_NOT_FINAL' })
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' })
  child.end()
  root.end()
  await telemetry.forceFlush()
  await telemetry.shutdown()
  return receiver
    .waitFor((spans) => spans.filter((s) => s.serviceName === `svc-${protocol}`).length === 2)
    .then((spans) => spans.filter((s) => s.serviceName === `svc-${protocol}`))
}

describe('createTelemetry exports over OTLP/HTTP in both encodings', () => {
  let receiver: OtlpReceiver
  before(async () => {
    receiver = await startOtlpReceiver()
  })
  after(async () => {
    await receiver.close()
  })

  it('protobuf (the default) and JSON carry the same spans, ids, attributes, events, links and status', async () => {
    const proto = await exportSample(receiver, 'http/protobuf')
    const json = await exportSample(receiver, 'http/json')
    // Deterministic roots leave through their own provider (a resource with nothing per pod): one request each.
    assert.deepEqual(receiver.requests(), { 'application/x-protobuf': 2, 'application/json': 2 })
    assert.deepEqual(receiver.rejected(), [])
    const pick = (spans: ReceivedSpan[], name: string) =>
      spans.find((s) => s.name === name) ?? assert.fail(`${name} missing`)
    for (const spans of [proto, json]) {
      const root = pick(spans, 'sample.root')
      assert.deepEqual(
        [root.traceId, root.spanId, root.parentSpanId],
        ['0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331', undefined],
      )
      const child = pick(spans, 'sample.child')
      assert.deepEqual([child.traceId, child.parentSpanId], [root.traceId, root.spanId])
      assert.deepEqual(
        [root.resource['k8s.pod.name'], child.resource['k8s.pod.name']],
        [undefined, 'pod-7'],
        'a root carries nothing per pod',
      )
      assert.notEqual(child.spanId, root.spanId, 'only the root span takes the preset ids')
      assert.deepEqual(child.attributes, { s: 'x', i: 7, d: 1.5, b: true, list: ['a', 'b'], big: 2 ** 40 })
      assert.deepEqual(
        child.events.map((e) => [e.name, e.attributes]),
        [['relaymesh.wait', { 'relaymesh.wait.reason': 'BLOCK_NOT_FINAL' }]],
      )
      assert.deepEqual(child.status, { code: 2, message: 'boom' })
      assert.equal(child.kind, 2, 'OTLP SPAN_KIND_SERVER')
    }
    const withoutProtocol = (s: ReceivedSpan) => ({
      ...comparable(s),
      attributes: { ...s.attributes, protocol: undefined },
      serviceName: undefined,
    })
    assert.deepEqual(
      proto.map(withoutProtocol).sort((a, b) => a.name.localeCompare(b.name)),
      json.map(withoutProtocol).sort((a, b) => a.name.localeCompare(b.name)),
    )
    assert.deepEqual(checkTraceTrees(proto), [])
  })

  it('answers other content types with 415 and undecodable bodies with 400, and records both', async () => {
    const post = (contentType: string, body: Uint8Array | string) =>
      fetch(receiver.tracesUrl, { method: 'POST', headers: { 'content-type': contentType }, body })
    assert.equal((await post('text/plain', 'hi')).status, 415)
    assert.equal(
      (await post('application/x-protobuf', new Uint8Array([0x0a, 0x05, 0x01]))).status,
      400,
      'a truncated length-delimited field',
    )
    assert.equal((await post('application/json', '{')).status, 400)
    assert.deepEqual(
      receiver.rejected().map((r) => r.status),
      [415, 400, 400],
    )
  })
})

describe('Telemetry.rootSampled', () => {
  const make = (env: Record<string, string>): Telemetry =>
    createTelemetry({
      serviceName: 's',
      relayerId: 'r',
      registerGlobal: false,
      env: { ...quiet, OTEL_TRACES_EXPORTER: 'none', ...env },
    })
  it('is the configured sampler decision for a root of that trace id: by trace id alone for ratio samplers', async () => {
    const low = '00000000000000000000000000000001'
    // the SDK's ratio sampler XORs the four 32-bit words: 0xffffffff, never under a 0.5 bound
    const high = 'ffffffff000000000000000000000000'
    const cases: [Record<string, string>, boolean, boolean][] = [
      [{}, true, false],
      [{ OTEL_TRACES_SAMPLER: 'parentbased_always_on' }, true, true],
      [{ OTEL_TRACES_SAMPLER: 'always_off' }, false, false],
      [{ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.5' }, true, false],
      [{ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' }, false, false],
    ]
    for (const [env, lowSampled, highSampled] of cases) {
      const telemetry = make(env)
      assert.deepEqual(
        [telemetry.rootSampled(low), telemetry.rootSampled(high)],
        [lowSampled, highSampled],
        JSON.stringify(env),
      )
      await telemetry.shutdown()
    }
  })
})

describe('createTelemetry with the exporter none', () => {
  it('records nothing, yet carries the trace context on; rootSampled still says what exporting relayers decide', async () => {
    const telemetry = createTelemetry({
      serviceName: 's',
      relayerId: 'r',
      registerGlobal: false,
      env: { ...quiet, OTEL_TRACES_EXPORTER: 'none', OTEL_TRACES_SAMPLER_ARG: '1' },
    })
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'
    const span = telemetry.tracer.startSpan('relaymesh.verify', {}, contextFromTraceparent(traceparent))
    const root = telemetry.startRootSpan('relaymesh.message', {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
    })
    assert.deepEqual(
      [span.isRecording(), root.isRecording(), telemetry.recording, telemetry.recordsTrace(span.spanContext().traceId)],
      [false, false, false, false],
    )
    assert.equal(span.spanContext().traceId, '0af7651916cd43dd8448eb211c80319c', 'the trace goes on')
    assert.equal(telemetry.rootSampled(span.spanContext().traceId), true, 'what every exporting relayer decides')
    span.end()
    root.end()
    await telemetry.shutdown()
  })
})

describe('createTelemetry exporting', () => {
  let receiver: OtlpReceiver
  before(async () => {
    receiver = await startOtlpReceiver()
  })
  after(async () => {
    await receiver.close()
  })

  it("records a remote parent's trace as its trace id says, whatever the parent's flag, and exports exactly those", async () => {
    const telemetry = createTelemetry({
      serviceName: 'svc-remote',
      relayerId: 'r',
      registerGlobal: false,
      env: { ...quiet, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_TRACES_SAMPLER_ARG: '0.5' },
    })
    // the SDK's ratio sampler XORs the four 32-bit words: 1 is under a 0.5 bound, 0xffffffff never
    const kept = '00000000000000000000000000000001'
    const dropped = 'ffffffff000000000000000000000000'
    for (const traceId of [kept, dropped])
      for (const flags of ['00', '01']) {
        const span = telemetry.tracer.startSpan(
          `span ${traceId.slice(0, 2)} ${flags}`,
          {},
          contextFromTraceparent(`00-${traceId}-b7ad6b7169203331-${flags}`),
        )
        assert.equal(span.isRecording(), telemetry.recordsTrace(traceId), `${traceId} ${flags}`)
        span.end()
      }
    assert.deepEqual([telemetry.recordsTrace(kept), telemetry.recordsTrace(dropped)], [true, false])
    await telemetry.forceFlush()
    await telemetry.shutdown()
    const spans = await receiver.waitFor((s) => s.filter((x) => x.serviceName === 'svc-remote').length >= 2)
    assert.deepEqual(spans.map((s) => s.name).sort(), ['span 00 00', 'span 00 01'])
  })
})
