/**
 * `@relaymesh/telemetry`: one OpenTelemetry trace per cross-chain message,
 * across processes and relayers, and JSON logs that carry its `traceId`.
 *
 * Two ways a trace crosses a hop: NATS headers (`headersFromContext` /
 * `contextFromHeaders`) for the bundle, and a `traceparent` per message inside
 * the payload (`injectTraceContext` / `contextFromTraceparent`, or
 * `linkFromTraceparent` for a bundle or batch span that links its messages).
 *
 * @example
 * const telemetry = createTelemetry({ serviceName: 'verifier', relayerId: 'r1', env: config.otelEnv })
 * const logger = createLogger({ name: 'verifier', base: { relayerId: 'r1' } })
 * const span = telemetry.tracer.startSpan('verify-message', {}, contextFromTraceparent(msg.traceparent))
 */
export { contextFromHeaders } from './contextFromHeaders.js'
export { contextFromTraceparent } from './contextFromTraceparent.js'
export { createLogger } from './createLogger.js'
export type { CreateLoggerParameters, CreateLoggerReturnType, Logger } from './createLogger.js'
export { createTelemetry } from './createTelemetry.js'
export type { CreateTelemetryParameters, CreateTelemetryReturnType, Telemetry } from './createTelemetry.js'
export type { PresetIds } from './createPresetIdGenerator.js'
export { headersFromContext } from './headersFromContext.js'
export type { TraceHeaders } from './headersFromContext.js'
export { injectTraceContext } from './injectTraceContext.js'
export { linkFromTraceparent } from './linkFromTraceparent.js'
export { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from './otel.js'
export type { Attributes, Context, Link, Span, SpanContext, SpanOptions, Tracer } from './otel.js'
export { isSecretKey, redactedValue, redactSecrets } from './redactSecrets.js'
export { TelemetryError } from './TelemetryError.js'
export type { TelemetryErrorCode } from './TelemetryError.js'
export { OTLP_PROTOCOLS, tracesConfigFromEnv } from './tracesConfigFromEnv.js'
export type {
  OtlpProtocol,
  SamplerName,
  TelemetryEnv,
  TracesConfig,
  TracesExporterKind,
} from './tracesConfigFromEnv.js'
