import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { connect, headers, type Msg, type NatsConnection } from '@nats-io/transport-node'
import { context, trace } from '@opentelemetry/api'
import { contextFromHeaders } from './contextFromHeaders.js'
import { contextFromTraceparent } from './contextFromTraceparent.js'
import { createTelemetry, type Telemetry } from './createTelemetry.js'
import { headersFromContext } from './headersFromContext.js'
import { injectTraceContext } from './injectTraceContext.js'
import { linkFromTraceparent } from './linkFromTraceparent.js'
import { startOtlpReceiver, type OtlpReceiver } from './testing/index.js'

type WireBundle = { block: number; messages: { id: string; traceparent: string | undefined }[] }

describe('trace context across processes over real NATS, exported over OTLP/HTTP', () => {
  let receiver: OtlpReceiver
  let nc: NatsConnection
  let watcher: Telemetry
  let verifier: Telemetry
  before(async () => {
    receiver = await startOtlpReceiver()
    nc = await connect({ servers: process.env.RELAYMESH_TEST_NATS_URL ?? 'nats://127.0.0.1:4222' })
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_TRACES_SAMPLER_ARG: '1', // every trace (the default keeps 1 in 100)
    }
    watcher = createTelemetry({ serviceName: 'watcher', relayerId: 'r1', env })
    // A second provider stands in for a second process: not registered globally.
    // It exports OTLP/JSON, the watcher the default protobuf: a mesh may mix them.
    verifier = createTelemetry({
      serviceName: 'verifier',
      relayerId: 'r1',
      env: { ...env, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
      registerGlobal: false,
    })
  })
  after(async () => {
    await watcher.forceFlush()
    await verifier.forceFlush()
    await watcher.shutdown()
    await verifier.shutdown()
    await nc.close()
    await receiver.close()
  })

  it('continues the bundle trace (headers) and every message trace (payload), with links from the batch span', async () => {
    const subject = `rmtest.telemetry.${process.pid}.${Date.now()}`
    const sub = nc.subscribe(subject, { max: 1 })
    const observed = await watcher.tracer.startActiveSpan('observe-bundle', async (bundleSpan) => {
      const messages = ['m1', 'm2', 'm3'].map((id) => {
        const span = watcher.tracer.startSpan('observe-message', {
          root: true,
          attributes: { 'relaymesh.message.id': id },
        })
        const traceparent = injectTraceContext(trace.setSpan(context.active(), span))
        span.end()
        return { id, traceparent, spanContext: span.spanContext() }
      })
      const wire: WireBundle = { block: 1, messages: messages.map(({ id, traceparent }) => ({ id, traceparent })) }
      nc.publish(subject, JSON.stringify(wire), { headers: headersFromContext(context.active(), headers()) })
      bundleSpan.end()
      return { bundle: bundleSpan.spanContext(), messages }
    })

    const msg: Msg | undefined = (await sub[Symbol.asyncIterator]().next()).value
    assert.ok(msg, 'bundle received over NATS')
    const wire = msg.json<WireBundle>()
    const verifyBundle = verifier.tracer.startSpan('verify-bundle', {}, contextFromHeaders(msg.headers))
    for (const m of wire.messages)
      verifier.tracer
        .startSpan(
          'verify-message',
          { attributes: { 'relaymesh.message.id': m.id } },
          contextFromTraceparent(m.traceparent),
        )
        .end()
    const links = wire.messages.flatMap(
      (m) => linkFromTraceparent(m.traceparent, { 'relaymesh.message.id': m.id }) ?? [],
    )
    verifier.tracer.startSpan('seal-batch', { links, root: true }).end()
    verifyBundle.end()
    await watcher.forceFlush()
    await verifier.forceFlush()

    const spans = await receiver.waitFor((s) => s.length >= 9)
    assert.equal(spans.length, 9)
    const remoteBundle = spans.find((s) => s.name === 'verify-bundle')
    assert.equal(remoteBundle?.traceId, observed.bundle.traceId)
    assert.equal(remoteBundle?.parentSpanId, observed.bundle.spanId)
    assert.equal(remoteBundle?.serviceName, 'verifier')
    assert.equal(remoteBundle?.resource['relaymesh.relayer.id'], 'r1')
    assert.equal(spans.find((s) => s.name === 'observe-bundle')?.serviceName, 'watcher')
    for (const m of observed.messages) {
      const hop = spans.find((s) => s.name === 'verify-message' && s.attributes['relaymesh.message.id'] === m.id)
      assert.equal(hop?.traceId, m.spanContext.traceId, `${m.id} keeps its own trace`)
      assert.equal(hop?.parentSpanId, m.spanContext.spanId)
    }
    assert.equal(new Set(observed.messages.map((m) => m.spanContext.traceId)).size, 3, 'one trace per message')
    const batch = spans.find((s) => s.name === 'seal-batch')
    assert.deepEqual(
      batch?.links.map((l) => [l.traceId, l.spanId, l.attributes['relaymesh.message.id']]),
      observed.messages.map((m) => [m.spanContext.traceId, m.spanContext.spanId, m.id]),
    )
    assert.deepEqual(receiver.rejected(), [])
    assert.deepEqual(
      Object.keys(receiver.requests()).sort(),
      ['application/json', 'application/x-protobuf'],
      'one process on each OTLP encoding',
    )
  })
})
