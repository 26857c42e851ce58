// A batch's spans at a sampling ratio: a message span and a link for the sampled messages alone; nothing built for a
// batch or a process that records nothing.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { createTelemetry, type Telemetry } from '@relaymesh/telemetry'
import { startOtlpReceiver, type OtlpReceiver } from '@relaymesh/telemetry/testing'
import type { Hex } from 'viem'
import { countingTracer } from '../testing/countingTracer.js'
import { messageTraceId, messageTraceparent } from '../tracing/messageTraceparent.js'
import type { MessageTrace } from './MessageTrace.js'
import { recordMessageSpans, startBatchSpan } from './traceBatch.js'

const ids = Array.from({ length: 300 }, (_, i) => `0x${createHash('sha256').update(`m${i}`).digest('hex')}` as Hex)
const messages: MessageTrace[] = ids.map((id) => ({
  id: Buffer.from(id.slice(2), 'hex'),
  traceparent: messageTraceparent(id),
}))

describe('startBatchSpan and recordMessageSpans', () => {
  let receiver: OtlpReceiver
  const started: Telemetry[] = []
  const telemetry = (serviceName: string, env: Record<string, string>) => {
    const t = createTelemetry({
      serviceName,
      relayerId: 'r1',
      registerGlobal: false,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, ...env },
    })
    started.push(t)
    return t
  }
  before(async () => {
    receiver = await startOtlpReceiver()
  })
  after(async () => {
    for (const t of started) await t.shutdown()
    await receiver.close()
  })

  it('links the first 128 sampled messages and spans every sampled one, building nothing for the others', async () => {
    const ratio = telemetry('batcher-ratio', { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.5' })
    // The batch span's own trace id is random: a tracer that keeps every trace records it whatever that id.
    const batchTracer = telemetry('batcher-ratio', { OTEL_TRACES_SAMPLER: 'always_on' }).tracer
    const kept = ids.filter((id) => ratio.rootSampled(messageTraceId(id)))
    assert.ok(kept.length > 128 && kept.length < 200, `0.5 of ${ids.length} is over 128 (kept ${kept.length})`)
    const counted = countingTracer(batchTracer)
    const tracing = { tracer: counted.tracer, recording: true, recordsTrace: ratio.recordsTrace }
    const { span } = startBatchSpan(tracing, 'relaymesh.batch', messages, { 'relaymesh.batch.index': '7' })
    recordMessageSpans(
      tracing,
      'relaymesh.batch.message',
      messages,
      { 'relaymesh.batch.index': '7' },
      { batchSpan: span },
    )
    span.end()
    assert.equal(counted.started(), 1 + kept.length, 'the batch span and one per sampled message')
    for (const t of started) await t.forceFlush()
    const spans = await receiver.waitFor((s) => s.length >= 1 + kept.length)
    const batch = spans.find((s) => s.name === 'relaymesh.batch') ?? assert.fail('no batch span')
    assert.deepEqual(
      batch.links.map((l) => [l.traceId, l.attributes['relaymesh.message.id']]),
      kept.slice(0, 128).map((id) => [messageTraceId(id), id]),
    )
    const perMessage = spans.filter((s) => s.name === 'relaymesh.batch.message')
    assert.deepEqual(perMessage.map((s) => s.traceId).sort(), kept.map(messageTraceId).sort())
    for (const s of perMessage)
      assert.deepEqual(
        s.links.map((l) => l.spanId),
        [batch.spanId],
      )
  })

  it('builds no link for a batch span it does not record, and no message span when it records nothing', () => {
    const none = telemetry('batcher-none', { OTEL_TRACES_EXPORTER: 'none', OTEL_TRACES_SAMPLER_ARG: '1' })
    const counted = countingTracer(none.tracer)
    const tracing = { ...none, tracer: counted.tracer }
    const { span, traceparent } = startBatchSpan(tracing, 'relaymesh.batch', messages, {})
    assert.equal(span.isRecording(), false)
    assert.match(traceparent ?? '', /^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/, 'the batch trace context still goes on')
    recordMessageSpans(tracing, 'relaymesh.batch.message', messages, {}, { batchSpan: span })
    span.end()
    assert.equal(counted.started(), 1, 'the batch span alone')
  })
})
