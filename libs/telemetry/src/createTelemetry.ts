import { context, propagation, trace, type Tracer } from '@opentelemetry/api'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { resourceFromAttributes } from '@opentelemetry/resources'
import {
  AlwaysOffSampler, AlwaysOnSampler, BatchSpanProcessor, ConsoleSpanExporter, ParentBasedSampler, TraceIdRatioBasedSampler,
  type Sampler, type SpanExporter, type SpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node'
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions'
import { traceContextPropagator } from './traceContextPropagator.js'
import { tracesConfigFromEnv, type TelemetryEnv, type TracesConfig } from './tracesConfigFromEnv.js'

export type CreateTelemetryParameters = {
  /** `service.name`, unless `OTEL_SERVICE_NAME` overrides it. */
  serviceName: string
  relayerId: string
  /** The service's environment, passed in by its config (e.g. `process.env` in `config.ts`). */
  env: TelemetryEnv
  /**
   * Register as the global tracer provider, context manager (AsyncLocalStorage)
   * and W3C propagator. One per process; tests that simulate a second process
   * in the same one pass `false`. Default `true`.
   */
  registerGlobal?: boolean
  /** Extra resource attributes, e.g. `{ 'service.version': '1.2.3' }`. */
  resourceAttributes?: Record<string, string>
}

export type Telemetry = {
  tracer: Tracer
  provider: NodeTracerProvider
  config: TracesConfig
  /** Exports every ended span now. Call before `shutdown()`. */
  forceFlush: () => Promise<void>
  /** Flushes, stops exporting and, if registered, removes the globals. */
  shutdown: () => Promise<void>
}

export type CreateTelemetryReturnType = Telemetry

/**
 * Builds the tracing pipeline of a relaymesh service: NodeTracerProvider,
 * BatchSpanProcessor, OTLP/HTTP (JSON) exporter, W3C trace context,
 * configured by the standard `OTEL_*` variables read from `env`.
 *
 * @example
 * const telemetry = createTelemetry({ serviceName: 'verifier', relayerId: config.relayerId, env: config.otelEnv })
 * await telemetry.tracer.startActiveSpan('verify-bundle', async (span) => { ...; span.end() })
 * await telemetry.forceFlush(); await telemetry.shutdown()
 */
export function createTelemetry({ serviceName, relayerId, env, registerGlobal = true, resourceAttributes = {} }: CreateTelemetryParameters): CreateTelemetryReturnType {
  const config = tracesConfigFromEnv(env)
  const resource = resourceFromAttributes({
    ...config.resourceAttributes,
    ...resourceAttributes,
    'service.namespace': 'relaymesh',
    'relaymesh.relayer.id': relayerId,
    [ATTR_SERVICE_NAME]: config.serviceName ?? serviceName,
  })
  const processors = spanProcessors(config)
  const provider = new NodeTracerProvider({ resource, sampler: sampler(config), spanProcessors: processors })
  if (registerGlobal) provider.register({ propagator: traceContextPropagator })
  const tracer = provider.getTracer('@relaymesh/telemetry')
  let stopped: Promise<void> | undefined
  const shutdown = () => {
    stopped ??= (async () => {
      await provider.forceFlush()
      await provider.shutdown()
      if (registerGlobal) {
        trace.disable()
        context.disable()
        propagation.disable()
      }
    })()
    return stopped
  }
  return { tracer, provider, config, forceFlush: () => provider.forceFlush(), shutdown }
}

function spanProcessors(config: TracesConfig): SpanProcessor[] {
  if (config.disabled || config.exporter === 'none') return []
  const exporter: SpanExporter = config.exporter === 'console'
    ? new ConsoleSpanExporter()
    // reason: exporter 0.301 is typed against sdk-trace 3.x; its ReadableSpan is structurally the 2.x one this provider emits
    : (new OTLPTraceExporter({ url: config.url, headers: config.headers }) as unknown as SpanExporter)
  return [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1_000, maxExportBatchSize: 512, maxQueueSize: 8_192 })]
}

function sampler(config: TracesConfig): Sampler {
  if (config.disabled) return new AlwaysOffSampler()
  const ratio = new TraceIdRatioBasedSampler(config.samplerRatio)
  switch (config.sampler) {
    case 'always_on': return new AlwaysOnSampler()
    case 'always_off': return new AlwaysOffSampler()
    case 'traceidratio': return ratio
    case 'parentbased_always_on': return new ParentBasedSampler({ root: new AlwaysOnSampler() })
    case 'parentbased_always_off': return new ParentBasedSampler({ root: new AlwaysOffSampler() })
    case 'parentbased_traceidratio': return new ParentBasedSampler({ root: ratio })
  }
}
