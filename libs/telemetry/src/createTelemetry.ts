import { context, propagation, ROOT_CONTEXT, trace, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api'
import { OTLPTraceExporter as OtlpJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { OTLPTraceExporter as OtlpProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import {
  AlwaysOffSampler,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node'
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions'
import { createMeshSampler } from './createMeshSampler.js'
import { createRedactingSpanExporter } from './createRedactingSpanExporter.js'
import { createPresetIdGenerator, type PresetIds } from './createPresetIdGenerator.js'
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
  /**
   * Exports the ended root spans (`startRootSpan`) now, and only them: a trace
   * keeper waits for this before acknowledging the bundles whose roots it
   * recorded, so a kill between storing and exporting is answered by a
   * redelivery. Rejects when the exporter failed.
   */
  flushRoots: () => Promise<void>
  /** Flushes, stops exporting and, if registered, removes the globals. */
  shutdown: () => Promise<void>
  /**
   * Starts a root span (no parent) with the given ids: the deterministic root
   * of a trace whose ids every process derives alike (a message's
   * `relaymesh.message`). The caller ends it. Exactly one process may export
   * a given root: the caller decides which. Its resource is the service
   * name, namespace and relayer id alone, so a copy exported again by another
   * pod of the same service is identical (see `recordMessageRoots`).
   */
  startRootSpan: (name: string, ids: PresetIds, options?: Omit<SpanOptions, 'root'>) => Span
  /**
   * The mesh's decision for trace `traceId`: the configured sampler's, by
   * trace id alone (`createMeshSampler`), whether or not this process
   * exports. Processes that parent spans on a derived, never-seen root put
   * this in the remote parent's flags, so the traceparent they pass on says
   * what every relayer with the same settings decides.
   */
  rootSampled: (traceId: string) => boolean
  /**
   * Whether this process records spans at all: false with `OTEL_TRACES_EXPORTER=none` or `OTEL_SDK_DISABLED=true`,
   * where every span is a non-recording one that only carries the trace context on.
   */
  recording: boolean
  /**
   * Whether this process records the spans of trace `traceId` whose parent is remote (a traceparent from NATS or a
   * stored message) or absent: `recording` and `rootSampled`. Per-message span code asks this first and builds nothing
   * for the messages it drops; the SDK would drop those very spans.
   */
  recordsTrace: (traceId: string) => boolean
}

export type CreateTelemetryReturnType = Telemetry

/**
 * Builds the tracing pipeline of a relaymesh service: NodeTracerProvider,
 * BatchSpanProcessor, OTLP/HTTP exporter (protobuf by default, JSON with
 * `OTEL_EXPORTER_OTLP_PROTOCOL=http/json`), W3C trace context, configured by
 * the standard `OTEL_*` variables read from `env`. Spans are exported with
 * URLs redacted (credentials, path, query: `createRedactingSpanExporter`).
 * Sampling is by trace id whatever a remote parent's flag says
 * (`createMeshSampler`). With the exporter `none` (or the SDK disabled)
 * nothing is recorded, since nothing would leave: every span is a
 * non-recording one, which still carries the trace context on to NATS
 * headers and stored traceparents.
 *
 * @throws {TelemetryError} a code of `tracesConfigFromEnv` when `env` holds a value relaymesh cannot honour.
 *
 * @example
 * const telemetry = createTelemetry({ serviceName: 'verifier', relayerId: config.relayerId, env: config.otelEnv })
 * await telemetry.tracer.startActiveSpan('verify-bundle', async (span) => { ...; span.end() })
 * await telemetry.forceFlush(); await telemetry.shutdown()
 */
export function createTelemetry({
  serviceName,
  relayerId,
  env,
  registerGlobal = true,
  resourceAttributes = {},
}: CreateTelemetryParameters): CreateTelemetryReturnType {
  const config = tracesConfigFromEnv(env)
  const resource = resourceFromAttributes({
    ...config.resourceAttributes,
    ...resourceAttributes,
    'service.namespace': 'relaymesh',
    'relaymesh.relayer.id': relayerId,
    [ATTR_SERVICE_NAME]: config.serviceName ?? serviceName,
  })
  const processors = spanProcessors(config)
  const idGenerator = createPresetIdGenerator()
  const mesh = createMeshSampler(config)
  const recording = processors.length > 0
  const sampler = recording ? mesh.sampler : new AlwaysOffSampler()
  const provider = new NodeTracerProvider({ resource, sampler, spanProcessors: processors, idGenerator })
  // Deterministic roots leave through a provider of their own whose resource holds nothing per process or pod
  // (no OTEL_RESOURCE_ATTRIBUTES, no version): a root exported again, by a restarted pod or another replica,
  // is then the same span to the byte and Jaeger's query shows it once.
  const rootResource = resourceFromAttributes({
    'service.namespace': 'relaymesh',
    'relaymesh.relayer.id': relayerId,
    [ATTR_SERVICE_NAME]: config.serviceName ?? serviceName,
  })
  const rootProvider = new NodeTracerProvider({
    resource: rootResource,
    sampler,
    spanProcessors: spanProcessors(config),
    idGenerator,
  })
  const rootTracer = rootProvider.getTracer('@relaymesh/telemetry')
  if (registerGlobal) provider.register({ propagator: traceContextPropagator })
  const tracer = provider.getTracer('@relaymesh/telemetry')
  const forceFlush = async () => {
    await Promise.all([provider.forceFlush(), rootProvider.forceFlush()])
  }
  return {
    tracer,
    provider,
    config,
    forceFlush,
    shutdown: shutdownOnce([provider, rootProvider], registerGlobal),
    flushRoots: () => rootProvider.forceFlush(),
    startRootSpan: (name, ids, options = {}) =>
      idGenerator.withIds(ids, () => rootTracer.startSpan(name, { ...options, root: true }, ROOT_CONTEXT)),
    rootSampled: mesh.sampled,
    recording,
    recordsTrace: recording ? mesh.sampled : () => false,
  }
}

/** Flushes and stops the providers, then removes the globals if they were registered; once, however often called. */
function shutdownOnce(providers: NodeTracerProvider[], registeredGlobal: boolean): () => Promise<void> {
  let stopped: Promise<void> | undefined
  return () => {
    stopped ??= (async () => {
      await Promise.all(providers.map((p) => p.forceFlush()))
      await Promise.all(providers.map((p) => p.shutdown()))
      if (registeredGlobal) {
        trace.disable()
        context.disable()
        propagation.disable()
      }
    })()
    return stopped
  }
}

function spanProcessors(config: TracesConfig): SpanProcessor[] {
  if (config.disabled || config.exporter === 'none') return []
  return [
    new BatchSpanProcessor(createRedactingSpanExporter(exporter(config)), {
      scheduledDelayMillis: 1_000,
      maxExportBatchSize: 512,
      maxQueueSize: 8_192,
    }),
  ]
}

function exporter(config: TracesConfig): SpanExporter {
  if (config.exporter === 'console') return new ConsoleSpanExporter()
  const options = { url: config.url, headers: config.headers }
  // reason (both casts): exporters 0.301 are typed against sdk-trace 3.x; its ReadableSpan is structurally the 2.x one
  // this provider emits
  return config.protocol === 'http/json'
    ? (new OtlpJsonTraceExporter(options) as unknown as SpanExporter)
    : (new OtlpProtobufTraceExporter(options) as unknown as SpanExporter)
}
