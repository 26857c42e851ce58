import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { decodeSlotCommitment } from '@relaymesh/solana'
import { getAttestation, pingDatabase, type StoreDb } from '@relaymesh/store'
import type { Tracer } from '@relaymesh/telemetry'
import { createRateLimiter, type RateLimitOptions } from '../api/createRateLimiter.js'
import type { SignedCommitmentResponse } from '../solana/collectCommitmentSignatures.js'
import { traceServe } from './attesterSpans.js'
import { hasTrustedClientCert } from './createAttesterServer.js'

/** What the attester counts, served at `/metrics`. */
export type AttesterCounters = {
  signed: number
  refused: number
  rpcErrors: number
  served: number
  unauthorized: number
  limited: number
}

const digest = (s: string) => createHash('sha256').update(s).digest()

function authorized(tokens: readonly Buffer[], header: string | undefined): boolean {
  const token = /^Bearer (\S+)$/.exec(header ?? '')?.[1]
  if (!token) return false
  const given = digest(token)
  return tokens.some((t) => timingSafeEqual(t, given))
}

function metricsText(c: AttesterCounters, lastSigned: number): string {
  const lines: [string, string, 'counter' | 'gauge', number][] = [
    ['relaymesh_attester_signed_total', 'Slot commitments signed (or found signed) and served.', 'counter', c.signed],
    [
      'relaymesh_attester_equivocations_refused_total',
      'Second, different commitments for a signed slot, refused.',
      'counter',
      c.refused,
    ],
    ['relaymesh_attester_rpc_errors_total', 'Failed rounds against the Solana RPC.', 'counter', c.rpcErrors],
    ['relaymesh_attester_requests_total', 'Signatures served to relayers.', 'counter', c.served],
    [
      'relaymesh_attester_unauthorized_total',
      'Requests refused for a missing or wrong token (or client certificate).',
      'counter',
      c.unauthorized,
    ],
    ['relaymesh_attester_rate_limited_total', 'Requests refused by the rate limit.', 'counter', c.limited],
    ['relaymesh_attester_last_signed_slot', 'The last slot the loop has processed.', 'gauge', lastSigned],
  ]
  return (
    lines
      .map(([name, help, type, value]) => `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${value}`)
      .join('\n') + '\n'
  )
}

type RequestState = {
  tokens: readonly Buffer[]
  limiter: ReturnType<typeof createRateLimiter>
  counters: AttesterCounters
  signed: ReadonlyMap<number, SignedCommitmentResponse>
  lastSigned: () => number
  db: StoreDb
  domain: number
  signer: string
  tracer: Tracer | undefined
  requireClientCert: boolean
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res
    .writeHead(status, {
      'content-type': body.startsWith('#') ? 'text/plain; version=0.0.4' : 'application/json',
      ...headers,
    })
    .end(body)
}

function refuse(res: ServerResponse, status: number, code: string, headers: Record<string, string> = {}): void {
  send(res, status, JSON.stringify({ error: { code } }), headers)
}

/**
 * The attester's HTTP answers: signatures to authenticated, rate-limited relayers; health, readiness and metrics to
 * anyone.
 */
function answerAttesterRequest(s: RequestState, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET') return refuse(res, 405, 'METHOD_NOT_ALLOWED')
  if (req.url === '/healthz')
    return send(res, 200, JSON.stringify({ status: 'ok', service: 'attester', signer: s.signer }))
  if (req.url === '/metrics') return send(res, 200, metricsText(s.counters, s.lastSigned()))
  if (req.url === '/readyz') {
    void pingDatabase(s.db).then(
      () => send(res, 200, JSON.stringify({ ready: true })),
      () => refuse(res, 503, 'POSTGRES_UNAVAILABLE'),
    )
    return
  }
  const slot = /^\/v1\/commitments\/(\d+)$/.exec(req.url ?? '')?.[1]
  if (slot === undefined) return refuse(res, 404, 'ROUTE_NOT_FOUND')
  if (s.tracer) traceServe(s.tracer, req, res, Number(slot))
  const wait = s.limiter.take(req.socket.remoteAddress ?? 'unknown')
  if (wait > 0) {
    s.counters.limited++
    return refuse(res, 429, 'RATE_LIMITED', { 'retry-after': String(Math.ceil(wait)) })
  }
  if (s.requireClientCert && !hasTrustedClientCert(req)) {
    s.counters.unauthorized++
    return refuse(res, 401, 'CLIENT_CERT_REQUIRED')
  }
  if (!authorized(s.tokens, req.headers.authorization)) {
    s.counters.unauthorized++
    return refuse(res, 401, 'UNAUTHORIZED')
  }
  const found = s.signed.get(Number(slot))
  if (found) return serve(s, res, found)
  // Older than the slots kept in memory (a relayer far behind, or this attester restarted): the recorded signature.
  void recordedCommitment(s, Number(slot)).then(
    (recorded) => (recorded ? serve(s, res, recorded) : refuse(res, 404, 'NOT_SIGNED')),
    () => refuse(res, 503, 'POSTGRES_UNAVAILABLE'),
  )
}

function serve(s: RequestState, res: ServerResponse, signed: SignedCommitmentResponse): void {
  s.counters.served++
  send(res, 200, JSON.stringify(signed))
}

/** What this attester signed for `slot` and recorded (`attestSlotCommitment`), or null. */
async function recordedCommitment(s: RequestState, slot: number): Promise<SignedCommitmentResponse | null> {
  if (slot > s.lastSigned()) return null
  const row = await getAttestation(s.db, { domain: s.domain, slot, signer: s.signer })
  return row
    ? {
        commitment: decodeSlotCommitment(row.commitment),
        signer: s.signer,
        signature: Buffer.from(row.signature).toString('base64'),
      }
    : null
}

export type CreateAttesterRequestHandlerParameters = Omit<RequestState, 'tokens' | 'limiter'> & {
  /** Bearer tokens of the relayers allowed to collect signatures; compared as digests, in constant time. */
  tokens: readonly string[]
  rateLimit: RateLimitOptions
  clock: { now(): number }
}

/**
 * The attester's request handler: signatures to authenticated, rate-limited relayers at
 * `GET /v1/commitments/<slot>`; `/healthz`, `/readyz` (Postgres) and `/metrics` to anyone.
 *
 * @example
 * const server = createAttesterServer(tls, createAttesterRequestHandler({ tokens, rateLimit, clock, counters, ... }))
 */
export function createAttesterRequestHandler(
  p: CreateAttesterRequestHandlerParameters,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { rateLimit, clock, ...rest } = p
  const state: RequestState = {
    ...rest,
    tokens: p.tokens.map(digest),
    limiter: createRateLimiter(rateLimit, () => clock.now()),
  }
  return (req, res) => answerAttesterRequest(state, req, res)
}
