import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { BusError } from './BusError.js'

export type ConnectBusParameters = {
  servers: string | string[]
  /** Connection name shown by the server (`nats server report connections`), e.g. `verifier-r1`. */
  name: string
  /** Aborting drains and closes the connection. */
  signal?: AbortSignal
  /** Default 5 s. */
  timeoutMs?: number
}

export type Bus = {
  nc: NatsConnection
  js: JetStreamClient
  jsm: JetStreamManager
  /** Server's `max_payload` (headers + data), checked by `publish` before sending. */
  maxPayload: number
  /** Drains (flushes pending acks and publishes) and closes. Idempotent. */
  close: () => Promise<void>
}

export type ConnectBusReturnType = Bus

/**
 * Connects to NATS and JetStream.
 *
 * @example
 * const bus = await connectBus({ servers: config.natsUrl, name: `verifier-${config.relayerId}`, signal })
 * try { ... } finally { await bus.close() }
 */
export async function connectBus({ servers, name, signal, timeoutMs = 5_000 }: ConnectBusParameters): Promise<ConnectBusReturnType> {
  let nc: NatsConnection
  try {
    nc = await connect({ servers, name, timeout: timeoutMs, maxReconnectAttempts: -1 })
  } catch (cause) {
    throw new BusError('cannot connect to NATS', {
      code: 'BUS_CONNECT_FAILED', action: 'retry', meta: { servers, name }, cause,
      details: cause instanceof Error ? cause.message : String(cause),
    })
  }
  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= nc.isClosed() ? Promise.resolve() : nc.drain().catch(() => nc.close())
    return closing
  }
  signal?.addEventListener('abort', () => void close(), { once: true })
  try {
    const jsm = await jetstreamManager(nc)
    const maxPayload = nc.info?.max_payload
    // The server sends INFO before connect() resolves; without it size checks would be guesses.
    if (maxPayload === undefined) throw new Error('server INFO (max_payload) missing after connect')
    return { nc, js: jetstream(nc), jsm, maxPayload, close }
  } catch (cause) {
    await close()
    throw new BusError('JetStream is not available', {
      code: 'BUS_CONNECT_FAILED', action: 'fatal', meta: { servers, name }, cause,
      details: cause instanceof Error ? cause.message : String(cause),
    })
  }
}
