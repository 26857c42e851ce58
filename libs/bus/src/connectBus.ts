import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream'
import { connect, credsAuthenticator, nkeyAuthenticator, tokenAuthenticator, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node'
import type { BusAuth } from './BusAuth.js'
import { BusError } from './BusError.js'

export type ConnectBusParameters = {
  servers: string | string[]
  /** Connection name shown by the server (`nats server report connections`), e.g. `verifier-r1`. */
  name: string
  /** Aborting drains and closes the connection. */
  signal?: AbortSignal
  /** Default 5 s. */
  timeoutMs?: number
  /** Credentials and TLS; none: the URL's own (anonymous, or `user:pass@`). */
  auth?: BusAuth | undefined
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
export async function connectBus({ servers: urls, name, signal, timeoutMs = 5_000, auth }: ConnectBusParameters): Promise<ConnectBusReturnType> {
  const { servers, userinfo } = splitUserinfo(urls)
  let nc: NatsConnection
  try {
    nc = await connect({ servers, name, timeout: timeoutMs, maxReconnectAttempts: -1, ...userinfo, ...connectionAuth(auth) })
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

/** nats.js options for `auth`: one authenticator, and TLS when a CA or client certificate is given. */
function connectionAuth(auth: BusAuth | undefined): Partial<NodeConnectionOptions> {
  if (!auth) return {}
  const given = [auth.creds, auth.nkeySeed, auth.token].filter((x) => x !== undefined).length
  if (given > 1) throw new BusError('NATS auth: give one of creds, nkey seed or token', { code: 'BUS_CONNECT_FAILED', action: 'fatal' })
  const authenticator = auth.creds ? credsAuthenticator(auth.creds) : auth.nkeySeed ? nkeyAuthenticator(auth.nkeySeed) : auth.token ? tokenAuthenticator(auth.token) : undefined
  const tls = auth.tls && (auth.tls.caFile || auth.tls.certFile) ? { ...auth.tls } : undefined
  return { ...(authenticator ? { authenticator } : {}), ...(tls ? { tls } : {}) }
}

/**
 * nats.js 3 ignores credentials in a server URL (`nats://user:pass@host`, `nats://token@host`): they are taken
 * out of the URLs (which then appear in errors without them) and passed as options. One set for all servers.
 */
function splitUserinfo(urls: string | string[]): { servers: string[]; userinfo: { user?: string; pass?: string; token?: string } } {
  let userinfo: { user?: string; pass?: string; token?: string } = {}
  const servers = (Array.isArray(urls) ? urls : urls.split(',')).map((raw) => {
    const url = raw.trim()
    const match = /^([a-z]+:\/\/)([^@/]+)@(.+)$/i.exec(url)
    if (!match) return url
    const [, scheme, info, rest] = match as unknown as [string, string, string, string] // reason: three groups matched
    const colon = info.indexOf(':')
    userinfo = colon < 0 ? { token: decodeURIComponent(info) } : { user: decodeURIComponent(info.slice(0, colon)), pass: decodeURIComponent(info.slice(colon + 1)) }
    return `${scheme}${rest}`
  })
  return { servers, userinfo }
}
