import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream'
import {
  connect,
  credsAuthenticator,
  nkeyAuthenticator,
  tokenAuthenticator,
  type NatsConnection,
  type NodeConnectionOptions,
} from '@nats-io/transport-node'
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
  /**
   * How long the first connection is retried while the server does not answer (a NATS restart or failover
   * as the service starts); default 60 s. Refused credentials are not retried. 0: one attempt.
   */
  firstConnectWaitMs?: number | undefined
  /** Called before each retry of the first connection, e.g. to log it. */
  onConnectRetry?: ((error: Error, attempt: number) => void) | undefined
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
export async function connectBus({
  servers: urls,
  name,
  signal,
  timeoutMs = 5_000,
  auth,
  firstConnectWaitMs = 60_000,
  onConnectRetry,
}: ConnectBusParameters): Promise<ConnectBusReturnType> {
  const { servers, userinfo } = splitUserinfo(urls)
  // noAsyncTraces: nats.js otherwise builds an Error (a stack capture) at every request, a JetStream publish included,
  // to decorate a later timeout; BusError already names the subject and message id of a failed publish.
  const options = {
    servers,
    name,
    timeout: timeoutMs,
    maxReconnectAttempts: -1,
    noAsyncTraces: true,
    ...userinfo,
    ...connectionAuth(auth),
  }
  const nc = await connectFirst(() => connect(options), { firstConnectWaitMs, onConnectRetry, signal }).catch(
    (cause: unknown) => {
      throw new BusError('cannot connect to NATS', {
        code: 'BUS_CONNECT_FAILED',
        action: 'retry',
        meta: { servers, name },
        cause,
        details: cause instanceof Error ? cause.message : String(cause),
      })
    },
  )
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
    if (maxPayload === undefined)
      throw new BusError('server INFO (max_payload) missing after connect', {
        code: 'BUS_CONNECT_FAILED',
        action: 'fatal',
        meta: { servers, name },
      })
    return { nc, js: jetstream(nc), jsm, maxPayload, close }
  } catch (cause) {
    await close()
    throw new BusError('JetStream is not available', {
      code: 'BUS_CONNECT_FAILED',
      action: 'fatal',
      meta: { servers, name },
      cause,
      details: cause instanceof Error ? cause.message : String(cause),
    })
  }
}

/**
 * The first connection, retried with backoff (250 ms doubling to 2 s) while the server does not answer:
 * bench:mesh --faults restarted NATS while a killed relayer process was starting again, and the process
 * exited with BUS_CONNECT_FAILED instead of waiting the few seconds NATS was away. Once connected,
 * nats.js reconnects by itself (maxReconnectAttempts -1).
 */
async function connectFirst(
  attempt: () => Promise<NatsConnection>,
  o: {
    firstConnectWaitMs: number
    onConnectRetry: ((error: Error, n: number) => void) | undefined
    signal: AbortSignal | undefined
  },
): Promise<NatsConnection> {
  const started = Date.now()
  for (let n = 1; ; n++) {
    try {
      return await attempt()
    } catch (error) {
      const refusedCredentials = error instanceof Error && /authoriz|authentic|permission|tls/i.test(error.message)
      const delay = Math.min(250 * 2 ** (n - 1), 2_000)
      if (refusedCredentials || o.signal?.aborted || Date.now() - started + delay > o.firstConnectWaitMs) throw error
      o.onConnectRetry?.(
        error instanceof Error
          ? error
          : new BusError(String(error), { code: 'BUS_CONNECT_FAILED', action: 'retry', cause: error }),
        n,
      )
      await new Promise((resolve) => setTimeout(resolve, delay))
    }
  }
}

/** nats.js options for `auth`: one authenticator, and TLS when a CA or client certificate is given. */
function connectionAuth(auth: BusAuth | undefined): Partial<NodeConnectionOptions> {
  if (!auth) return {}
  const given = [auth.creds, auth.nkeySeed, auth.token].filter((x) => x !== undefined).length
  if (given > 1)
    throw new BusError('NATS auth: give one of creds, nkey seed or token', {
      code: 'BUS_CONNECT_FAILED',
      action: 'fatal',
    })
  const authenticator = auth.creds
    ? credsAuthenticator(auth.creds)
    : auth.nkeySeed
      ? nkeyAuthenticator(auth.nkeySeed)
      : auth.token
        ? tokenAuthenticator(auth.token)
        : undefined
  const tls = auth.tls && (auth.tls.caFile || auth.tls.certFile) ? { ...auth.tls } : undefined
  return { ...(authenticator ? { authenticator } : {}), ...(tls ? { tls } : {}) }
}

/**
 * nats.js 3 ignores credentials in a server URL (`nats://user:pass@host`, `nats://token@host`): they are taken
 * out of the URLs (which then appear in errors without them) and passed as options. One set for all servers.
 */
function splitUserinfo(urls: string | string[]): {
  servers: string[]
  userinfo: { user?: string; pass?: string; token?: string }
} {
  let userinfo: { user?: string; pass?: string; token?: string } = {}
  const servers = (Array.isArray(urls) ? urls : urls.split(',')).map((raw) => {
    const url = raw.trim()
    const match = /^([a-z]+:\/\/)([^@/]+)@(.+)$/i.exec(url)
    if (!match) return url
    const [, scheme, info, rest] = match as unknown as [string, string, string, string] // reason: three groups matched
    const colon = info.indexOf(':')
    userinfo =
      colon < 0
        ? { token: decodeURIComponent(info) }
        : { user: decodeURIComponent(info.slice(0, colon)), pass: decodeURIComponent(info.slice(colon + 1)) }
    return `${scheme}${rest}`
  })
  return { servers, userinfo }
}
