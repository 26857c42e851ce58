import { BaseError, type ReasonCodeOf } from '@relaymesh/errors'

/**
 * Reason codes of the telemetry lib: `OTEL_*` configuration mistakes found at start; its codes and their meaning are in
 * `REASON_CODES` (@relaymesh/errors).
 */
export type TelemetryErrorCode = ReasonCodeOf<'telemetry'>

/** A telemetry configuration error: always `fatal` (the service stops at start). */
export class TelemetryError extends BaseError<TelemetryErrorCode> {
  override name = 'TelemetryError'
  constructor(
    shortMessage: string,
    parameters: { code: TelemetryErrorCode; meta?: Record<string, unknown>; cause?: unknown },
  ) {
    super(shortMessage, { action: 'fatal', ...parameters })
  }
}
