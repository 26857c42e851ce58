import { JetStreamApiError } from '@nats-io/jetstream'
import { RequestError, TimeoutError } from '@nats-io/transport-node'

/** JetStream's own "temporarily unavailable": a server that restarts or has not caught up with its store yet. */
const unavailableStatus = 503

/**
 * Whether a JetStream API call failed in a way that passes by waiting: the request timed out or found no
 * responder (a server restarting, a client reconnecting), or JetStream answered 503 (a
 * server still recovering its store). A JetStream refusal (bad config, a name in use, a limit) and a
 * permission violation never pass, so they are not transient.
 */
export function isTransientBusError(error: unknown): boolean {
  if (error instanceof JetStreamApiError) return error.status === unavailableStatus
  return error instanceof TimeoutError || error instanceof RequestError
}
