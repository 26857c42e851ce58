import { BaseError } from '@relaymesh/errors'

/**
 * Reason codes of the telemetry lib. All are configuration mistakes in the
 * `OTEL_*` environment, found at start: the service refuses to run rather
 * than export nothing (or to the wrong place) without saying so.
 */
export type TelemetryErrorCode =
  /** `OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL` is not `http/protobuf` or `http/json` (e.g. `grpc`). */
  | 'OTEL_PROTOCOL_UNSUPPORTED'
  /** `OTEL_TRACES_EXPORTER` is not `otlp`, `none` or `console`. */
  | 'OTEL_EXPORTER_UNSUPPORTED'
  /** `OTEL_TRACES_SAMPLER` names no sampler relaymesh knows. */
  | 'OTEL_SAMPLER_UNSUPPORTED'
  /** `OTEL_TRACES_SAMPLER_ARG` is not a ratio in [0, 1]. */
  | 'OTEL_SAMPLER_ARG_INVALID'
  /** An endpoint variable is not a URL. */
  | 'OTEL_ENDPOINT_INVALID'

/** A telemetry configuration error: always `fatal` (the service stops at start). */
export class TelemetryError extends BaseError<TelemetryErrorCode> {
  override name = 'TelemetryError'
  constructor(shortMessage: string, parameters: { code: TelemetryErrorCode; meta?: Record<string, unknown>; cause?: unknown }) {
    super(shortMessage, { action: 'fatal', ...parameters })
  }
}
