import type { JetStreamManager } from '@nats-io/jetstream'
import { BusError } from './BusError.js'
import { findStreamPressure, type ConsumerLag } from './findStreamPressure.js'

export type StreamGate = {
  /**
   * Resolves when the stream has room; throws `BUS_STREAM_FULL` (`retry`) while publishing could drop an unacked
   * message.
   */
  check(): Promise<void>
}

export type CreateStreamGateParameters = {
  stream: string
  /** A check that found room is trusted this long (ms) before asking the server again; default 1 s. */
  intervalMs?: number
  reserveFraction?: number
  now?: () => number
}

/**
 * A publisher's guard against a stream that would discard what a consumer has not acked yet (`findStreamPressure`):
 * the watcher checks it before publishing, so a verifier that is down or far behind stops the watcher at its cursor
 * (backpressure: nothing lost, the chain is read again once there is room) instead of the stream dropping the oldest
 * unverified bundles. Costs two JetStream API requests per `intervalMs` while publishing, none while idle.
 *
 * @example
 * const gate = createStreamGate(bus.jsm, { stream: cat.streams.bundles.name })
 * await gate.check()
 * await publish(bus, subject, bundle, { codec })
 */
export function createStreamGate(
  jsm: Pick<JetStreamManager, 'streams' | 'consumers'>,
  p: CreateStreamGateParameters,
): StreamGate {
  const now = p.now ?? Date.now
  let roomUntil = -Infinity
  return {
    async check() {
      if (now() < roomUntil) return
      const info = await jsm.streams.info(p.stream)
      const consumers: ConsumerLag[] = []
      for await (const c of jsm.consumers.list(p.stream)) {
        consumers.push({
          name: c.name,
          ackFloor: c.ack_floor.stream_seq,
          numPending: c.num_pending,
          numAckPending: c.num_ack_pending,
        })
      }
      const { state, config } = info
      const pressure = findStreamPressure(
        { bytes: state.bytes, maxBytes: config.max_bytes, firstSeq: state.first_seq, lastSeq: state.last_seq },
        consumers,
        { reserveFraction: p.reserveFraction },
      )
      if (!pressure.full) {
        roomUntil = now() + (p.intervalMs ?? 1_000)
        return
      }
      throw new BusError(`stream ${p.stream} is full up to what consumer ${pressure.consumer} has not acked`, {
        code: 'BUS_STREAM_FULL',
        action: 'retry',
        details: 'publishing more would discard messages it has not handled; waiting for it to catch up',
        meta: { stream: p.stream, ...pressure },
      })
    },
  }
}
