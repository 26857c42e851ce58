/**
 * `@relaymesh/bus`: JetStream plumbing for relaymesh services: connection,
 * idempotent stream/consumer setup, the subject catalogue, typed publish and a
 * pull loop that acks, retries and dead-letters by the errors' `action`.
 *
 * @example
 * const bus = await connectBus({ servers: 'nats://127.0.0.1:4222', name: 'verifier-r1', signal })
 * const cat = createBusCatalogue({ relayerId: 'r1' })
 * await ensureStreams(bus.jsm, cat.streams.all)
 * await ensureConsumer(bus.jsm, cat.streams.bundles.name, cat.consumers.verifier)
 * await consume(bus, {
 *   stream: cat.streams.bundles.name,
 *   consumer: 'verifier',
 *   codec,
 *   handler,
 *   deadLetterSubject: cat.subjects.deadLetter('verifier'),
 *   signal,
 * })
 */
export { BusError } from './BusError.js'
export type { BusErrorCode, BusErrorParameters } from './BusError.js'
export type { BusCodec } from './BusCodec.js'
export { busHeaders } from './busHeaders.js'
export type { BusMessage } from './BusMessage.js'
export { createBusCatalogue, assertSubjectToken, PROPOSALS_MAX_DELIVER, VERIFIER_MAX_DELIVER } from './catalogue.js'
export type { BusCatalogue, CreateBusCatalogueParameters, PipelineStage } from './catalogue.js'
export { classifyError, unclassifiedErrorCode } from './classifyError.js'
export type { ErrorClassification } from './classifyError.js'
export { connectBus } from './connectBus.js'
export type { Bus, ConnectBusParameters, ConnectBusReturnType } from './connectBus.js'
export type { BusAuth } from './BusAuth.js'
export { relayerNatsPermissions } from './relayerNatsPermissions.js'
export type { NatsPermissions } from './relayerNatsPermissions.js'
export { consume, defaultFetchRetry } from './consume.js'
export type { ConsumeHandler, ConsumeParameters, ConsumeReturnType, FetchRetry } from './consume.js'
export { createJsonCodec } from './createJsonCodec.js'
export type { CreateJsonCodecParameters } from './createJsonCodec.js'
export type { DeadLetter } from './deadLetter.js'
export { ensureConsumer } from './ensureConsumer.js'
export type { ConsumerSpec, EnsureConsumerReturnType } from './ensureConsumer.js'
export { createStreamGate } from './createStreamGate.js'
export type { CreateStreamGateParameters, StreamGate } from './createStreamGate.js'
export { ensureStreams } from './ensureStreams.js'
export type { EnsureStreamsReturnType, StreamSpec } from './ensureStreams.js'
export { publish } from './publish.js'
export { retryBusSetup } from './retryBusSetup.js'
export type { RetryBusSetupParameters } from './retryBusSetup.js'
export type { PublishParameters, PublishReturnType } from './publish.js'
export { defaultRetryBackoff, retryDelayMs } from './retryDelay.js'
export type { RetryBackoff } from './retryDelay.js'
export type { BusLogger } from './settleDelivery.js'
