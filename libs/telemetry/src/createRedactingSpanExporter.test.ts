import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { SpanStatusCode } from '@opentelemetry/api'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { createRedactingSpanExporter } from './createRedactingSpanExporter.js'

describe('createRedactingSpanExporter', () => {
  it('exports spans with URLs redacted in attributes, status, events and recorded exceptions; ids and the rest unchanged', async () => {
    const memory = new InMemorySpanExporter()
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(createRedactingSpanExporter(memory))],
    })
    const tracer = provider.getTracer('test')
    const span = tracer.startSpan('relaymesh.observe', {
      attributes: { 'rpc.url': 'https://eth.example/v2/CANARY', urls: ['nats://u:CANARY@n:4222'], n: 3 },
    })
    span.recordException(new Error('HTTP request failed. URL: https://eth.example/v2/CANARY'))
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'RPC unavailable: https://eth.example/v2/CANARY?key=CANARY' })
    const context = span.spanContext()
    span.end()
    const clean = tracer.startSpan('relaymesh.verify')
    clean.end()
    await provider.forceFlush()
    const [redacted, untouched] = memory.getFinishedSpans()
    assert.ok(redacted && untouched)
    assert.ok(!JSON.stringify({ a: redacted.attributes, s: redacted.status, e: redacted.events }).includes('CANARY'))
    assert.deepEqual(redacted.attributes, {
      'rpc.url': 'https://eth.example/[redacted]',
      urls: ['nats://[redacted]@n:4222'],
      n: 3,
    })
    assert.equal(redacted.status.message, 'RPC unavailable: https://eth.example/[redacted]')
    assert.equal(
      redacted.events[0]?.attributes?.['exception.message'],
      'HTTP request failed. URL: https://eth.example/[redacted]',
    )
    assert.deepEqual(
      [redacted.name, redacted.spanContext().spanId, redacted.spanContext().traceId],
      ['relaymesh.observe', context.spanId, context.traceId],
    )
    assert.equal(untouched.name, 'relaymesh.verify')
    await provider.shutdown()
  })
})
