import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api'
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
  type Sampler,
} from '@opentelemetry/sdk-trace-base'
import type { TracesConfig } from './tracesConfigFromEnv.js'

export type MeshSampler = {
  /** The sampler a provider runs: `sampled` for roots and remote parents, a local parent's own flag otherwise. */
  sampler: Sampler
  /** The decision for any span of trace `traceId` that has no local parent: a pure function of the trace id. */
  sampled: (traceId: string) => boolean
}

/**
 * The configured sampler, made a pure function of the trace id wherever a
 * span starts a process's part of a trace (a root, or a remote parent: a
 * traceparent read from NATS headers or a stored message). The
 * `parentbased_*` samplers of the OpenTelemetry specification follow a remote
 * parent's sampled flag instead, so one relayer that does not export (its
 * flag 0) or samples differently would cut every later relayer's part of
 * the trace. Here the flag is ignored: every relayer with the same settings
 * keeps or drops a message's trace (whose id is derived from the message id)
 * alike, and a trace is whole across relayers or absent. A local parent is
 * still followed, so a span's children share its fate.
 *
 * @example
 * const { sampler, sampled } = createMeshSampler(tracesConfigFromEnv({ OTEL_TRACES_SAMPLER_ARG: '0.01' }))
 * sampled('0af7651916cd43dd8448eb211c80319c') // the same answer on every relayer
 */
export function createMeshSampler(config: Pick<TracesConfig, 'sampler' | 'samplerRatio'>): MeshSampler {
  const decide = byTraceId(config)
  const sampler = config.sampler.startsWith('parentbased_')
    ? new ParentBasedSampler({ root: decide, remoteParentSampled: decide, remoteParentNotSampled: decide })
    : decide
  if (decide instanceof AlwaysOnSampler) return { sampler, sampled: () => true }
  if (decide instanceof AlwaysOffSampler) return { sampler, sampled: () => false }
  return {
    sampler,
    sampled: (traceId) =>
      decide.shouldSample(ROOT_CONTEXT, traceId, '', SpanKind.INTERNAL, {}, []).decision ===
      SamplingDecision.RECORD_AND_SAMPLED,
  }
}

function byTraceId(config: Pick<TracesConfig, 'sampler' | 'samplerRatio'>): Sampler {
  switch (config.sampler) {
    case 'always_on':
    case 'parentbased_always_on':
      return new AlwaysOnSampler()
    case 'always_off':
    case 'parentbased_always_off':
      return new AlwaysOffSampler()
    case 'traceidratio':
    case 'parentbased_traceidratio':
      return new TraceIdRatioBasedSampler(config.samplerRatio)
  }
}
