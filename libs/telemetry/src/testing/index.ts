/**
 * `@relaymesh/telemetry/testing`: an in-process OTLP/HTTP receiver so tests
 * can assert on exported traces without a collector.
 *
 * @example
 * import { startOtlpReceiver } from '@relaymesh/telemetry/testing'
 * const receiver = await startOtlpReceiver()
 */
export { startOtlpReceiver } from './startOtlpReceiver.js'
export type { OtlpReceiver, StartOtlpReceiverReturnType } from './startOtlpReceiver.js'
export { decodeOtlpJson, otlpId } from './decodeOtlpJson.js'
export { decodeOtlpProtobuf } from './decodeOtlpProtobuf.js'
export { checkTraceTrees } from './checkTraceTrees.js'
export { dedupeIdenticalSpans } from './dedupeIdenticalSpans.js'
export type { TraceTreeProblem } from './checkTraceTrees.js'
export type { ReceivedSpan } from './decodeOtlpJson.js'
