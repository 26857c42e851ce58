import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import { ROOT_CONTEXT, SpanKind, trace, type Context } from '@opentelemetry/api'
import { SamplingDecision, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base'
import { createMeshSampler } from './createMeshSampler.js'
import type { SamplerName } from './tracesConfigFromEnv.js'

const traceIds = Array.from({ length: 400 }, (_, i) =>
  createHash('sha256').update(`trace ${i}`).digest('hex').slice(0, 32),
)
const samplers: SamplerName[] = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
]

function parent(traceId: string, flags: 0 | 1, isRemote: boolean): Context {
  return trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: 'b7ad6b7169203331', traceFlags: flags, isRemote })
}

function decides(sampler: ReturnType<typeof createMeshSampler>['sampler'], ctx: Context, traceId: string): boolean {
  const { decision } = sampler.shouldSample(ctx, traceId, 'relaymesh.verify', SpanKind.INTERNAL, {}, [])
  return decision === SamplingDecision.RECORD_AND_SAMPLED
}

describe('createMeshSampler', () => {
  it("decides a root or a remote parent's span by the trace id alone, whatever the remote flag says", () => {
    for (const name of samplers) {
      const { sampler, sampled } = createMeshSampler({ sampler: name, samplerRatio: 0.3 })
      for (const id of traceIds) {
        const expected = sampled(id)
        for (const ctx of [ROOT_CONTEXT, parent(id, 1, true), parent(id, 0, true)])
          assert.equal(decides(sampler, ctx, id), expected, `${name} ${id}`)
      }
    }
  })

  it('keeps a ratio of the traces, the SDK ratio sampler’s, and the same ones on every relayer', () => {
    const here = createMeshSampler({ sampler: 'parentbased_traceidratio', samplerRatio: 0.3 })
    const there = createMeshSampler({ sampler: 'parentbased_traceidratio', samplerRatio: 0.3 })
    const sdk = new TraceIdRatioBasedSampler(0.3)
    const kept = traceIds.filter(here.sampled)
    assert.deepEqual(kept, traceIds.filter(there.sampled))
    assert.deepEqual(
      kept,
      traceIds.filter((id) => sdk.shouldSample(ROOT_CONTEXT, id).decision === SamplingDecision.RECORD_AND_SAMPLED),
    )
    assert.ok(kept.length > 80 && kept.length < 160, `about 0.3 of ${traceIds.length} (kept ${kept.length})`)
  })

  it('follows a local parent in the parent-based samplers: a span shares its parent’s fate', () => {
    const { sampler, sampled } = createMeshSampler({ sampler: 'parentbased_traceidratio', samplerRatio: 0.3 })
    const dropped = traceIds.find((id) => !sampled(id)) ?? assert.fail('a dropped trace')
    const kept = traceIds.find((id) => sampled(id)) ?? assert.fail('a kept trace')
    assert.equal(decides(sampler, parent(dropped, 1, false), dropped), true)
    assert.equal(decides(sampler, parent(kept, 0, false), kept), false)
  })

  it('answers the constant samplers without looking at the id', () => {
    assert.equal(createMeshSampler({ sampler: 'parentbased_always_on', samplerRatio: 0 }).sampled('x'), true)
    assert.equal(createMeshSampler({ sampler: 'always_off', samplerRatio: 1 }).sampled(traceIds[0] ?? ''), false)
    assert.equal(createMeshSampler({ sampler: 'traceidratio', samplerRatio: 1 }).sampled(traceIds[0] ?? ''), true)
    assert.equal(createMeshSampler({ sampler: 'traceidratio', samplerRatio: 0 }).sampled(traceIds[0] ?? ''), false)
  })
})
