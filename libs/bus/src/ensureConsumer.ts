import { AckPolicy, DeliverPolicy, ReplayPolicy, type ConsumerConfig, type JetStreamManager } from '@nats-io/jetstream'
import { nanos } from '@nats-io/transport-node'
import { BusError } from './BusError.js'
import { isApiError } from './isApiError.js'
import { isTransientBusError } from './isTransientBusError.js'

/** A durable pull consumer with explicit acks. */
export type ConsumerSpec = {
  durable: string
  /** Only these subjects of the stream; all when empty. */
  filterSubjects?: string[]
  /** Time the server waits for an ack before redelivering. */
  ackWaitMs: number
  /**
   * Attempts before `consume` dead-letters a message that keeps failing with a
   * retryable error. The server limit is set one higher, so that a delivery
   * lost to a crash on the last attempt is still delivered once more and
   * dead-lettered rather than silently parked.
   */
  maxDeliver: number
  /** Unacked messages the server lets out at once; bounds memory per consumer. */
  maxAckPending?: number
}

export type EnsureConsumerReturnType = { durable: string; stream: string }

/** JetStream API error: consumer already exists (with a different config). */
const consumerExists = 10148
const consumerNameInUse = 10013

export function consumerConfigFromSpec(spec: ConsumerSpec): Partial<ConsumerConfig> {
  const filters = spec.filterSubjects ?? []
  return {
    durable_name: spec.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    replay_policy: ReplayPolicy.Instant,
    ack_wait: nanos(spec.ackWaitMs),
    max_deliver: spec.maxDeliver + 1,
    max_ack_pending: spec.maxAckPending ?? 1_000,
    ...(filters.length === 1 ? { filter_subject: filters[0] } : {}),
    ...(filters.length > 1 ? { filter_subjects: filters } : {}),
  }
}

/**
 * Creates the durable pull consumer, or updates it to the spec. Idempotent and
 * safe under concurrent calls. Deliver policy and durable name cannot change
 * on an existing consumer; such a change is reported as fatal. A timeout or an unavailable JetStream (a server
 * restarting) is `retry`: `retryBusSetup` waits for it.
 *
 * @example
 * await ensureConsumer(bus.jsm, cat.streams.bundles.name, cat.consumers.verifier)
 */
export async function ensureConsumer(
  jsm: JetStreamManager,
  stream: string,
  spec: ConsumerSpec,
): Promise<EnsureConsumerReturnType> {
  const config = consumerConfigFromSpec(spec)
  try {
    await jsm.consumers.add(stream, config)
    return { durable: spec.durable, stream }
  } catch (error) {
    if (!isApiError(error, consumerExists) && !isApiError(error, consumerNameInUse))
      throw setupError(stream, spec, error)
  }
  try {
    const { durable_name: _name, deliver_policy: _policy, ...changeable } = config
    await jsm.consumers.update(stream, spec.durable, changeable)
    return { durable: spec.durable, stream }
  } catch (error) {
    throw setupError(stream, spec, error)
  }
}

function setupError(stream: string, spec: ConsumerSpec, cause: unknown): BusError {
  return new BusError(`cannot create or update consumer ${stream}/${spec.durable}`, {
    code: 'BUS_CONSUMER_SETUP_FAILED',
    action: isTransientBusError(cause) ? 'retry' : 'fatal',
    details: cause instanceof Error ? cause.message : String(cause),
    meta: { stream, durable: spec.durable },
    cause,
  })
}
