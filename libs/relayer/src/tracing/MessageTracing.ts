import type { Telemetry } from '@relaymesh/telemetry'

/**
 * What per-message span code takes of the telemetry: the tracer, and the sampling decision it checks before
 * building anything for a message (`recordsMessageTrace`). A service passes its `Telemetry`; a test may pass a
 * no-op tracer that says every trace is recorded, which still runs the span-building code.
 */
export type MessageTracing = Pick<Telemetry, 'tracer' | 'recording' | 'recordsTrace'>
