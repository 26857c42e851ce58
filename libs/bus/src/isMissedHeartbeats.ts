import { JetStreamError } from '@nats-io/jetstream'

/**
 * True for the error a JetStream `fetch` ends with when two of its idle heartbeats did not arrive in time (the
 * client gives up on that pull; the heartbeat is `expires / 2`, so one or two seconds without CPU for this process
 * or for the server is enough). Nothing is lost: what the pull delivered and was not acked comes back after
 * `ack_wait`, and the next pull goes on.
 *
 * @example
 * if (isMissedHeartbeats(error)) continue // pull again
 */
export function isMissedHeartbeats(error: unknown): boolean {
  return error instanceof JetStreamError && /heartbeats? missed/i.test(error.message)
}
