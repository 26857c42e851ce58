/**
 * The OpenTelemetry API, re-exported so every relaymesh package uses the same
 * copy as the provider. Installed versions differ (this lib resolves
 * `@opentelemetry/api` 1.9, the workspace root 1.10), and an API copy only
 * sees globals registered by a same-or-newer minor version: a service
 * importing the root copy directly would get no-op tracers and contexts.
 *
 * @example
 * import { context, trace, SpanStatusCode } from '@relaymesh/telemetry'
 */
export { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
export type { Attributes, Context, Link, Span, SpanContext, SpanOptions, Tracer } from '@opentelemetry/api'
