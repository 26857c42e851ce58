import { timingSafeEqual, createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { isRelaymeshError } from '@relaymesh/errors'
import {
  committeeForEpoch,
  decodeSlotCommitment,
  epochStartSlot,
  type CommitteeSchedule,
  type SlotCommitment,
} from '@relaymesh/solana'
import { getAttestation, nearestAttestation, pingDatabase, type StoreDb } from '@relaymesh/store'
import type { Logger, Tracer } from '@relaymesh/telemetry'
import { createRateLimiter, type RateLimitOptions } from '../api/createRateLimiter.js'
import type { SignedCommitmentResponse } from '../solana/collectCommitmentSignatures.js'
import { attestSlotCommitment, type AttesterKey } from './attestSlotCommitment.js'
import { traceAttest, traceServe } from './attesterSpans.js'
import { createAttesterServer, hasTrustedClientCert, type AttesterTls } from './createAttesterServer.js'
import { nextMessagesBefore } from './commitmentAtSlot.js'
import { keepIdleConnections } from '../service/keepIdleConnections.js'

/**
 * Where the attester reads the chain: the latest finalized slot, a slot's commitment numbered from the epoch's
 * running count (null: no block), and that count read from the chain itself (the epoch's messages before a slot,
 * or the messages in a range of slots) for the first slot it processes.
 */
export type AttesterChain = {
  domain: number
  slotsPerEpoch: number
  finalizedSlot: () => Promise<number>
  messagesBefore: (slot: number) => Promise<number>
  messagesBetween: (from: number, to: number) => Promise<number>
  commitmentAt: (slot: number, messagesBefore: number) => Promise<SlotCommitment | null>
}

export type StartAttesterParameters = {
  db: StoreDb
  key: AttesterKey
  chain: AttesterChain
  /** The committee schedule every relayer shares: the attester signs only the epochs whose committee it sits on. */
  schedule: CommitteeSchedule
  /** Bearer tokens of the relayers allowed to collect signatures (at least one). */
  tokens: readonly string[]
  rateLimit: RateLimitOptions
  host: string
  /** 0 picks a free port (tests). */
  port: number
  logger: Logger
  signal: AbortSignal
  clock: { now(): number }
  pollIntervalMs?: number | undefined
  /** How far below the finalized slot a fresh start begins, and how many signed slots are kept to serve. */
  keepSlots?: number | undefined
  /** HTTPS, and with `tls.clientCa` mTLS for signature requests; plain HTTP without. */
  tls?: AttesterTls | undefined
  /** Exports `relaymesh.attest` and `relaymesh.attester.serve` spans (deploy/README.md, span table); none without. */
  tracer?: Tracer | undefined
}

export type Attester = { url: string; lastSigned: () => number; done: Promise<void> }

type Counters = {
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

function metricsText(c: Counters, lastSigned: number): string {
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
  counters: Counters
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

/** The attester's HTTP answers: signatures to authenticated, rate-limited relayers; health, readiness and metrics to anyone. */
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

/**
 * `messagesBefore` of the first slot a run processes. From the nearest slot of that epoch this signer already
 * signed (its own recorded bytes, corrected by the chain's count of the few slots between), so a restart reads
 * a handful of blocks; the chain's count since the epoch began when it has no record there (or a v1 one).
 */
async function firstMessagesBefore(p: StartAttesterParameters, slot: number): Promise<number> {
  const from = epochStartSlot(slot, p.chain.slotsPerEpoch)
  const near = await nearestAttestation(p.db, {
    domain: p.chain.domain,
    signer: p.key.publicKey,
    slot,
    from,
    to: from + p.chain.slotsPerEpoch - 1,
  })
  let signed: SlotCommitment | undefined
  try {
    signed = near ? decodeSlotCommitment(near.commitment) : undefined
  } catch (e) {
    if (!isRelaymeshError(e, 'COMMITMENT_INVALID')) throw e
  }
  if (!signed) return p.chain.messagesBefore(slot)
  const count =
    signed.slot >= slot
      ? signed.messagesBefore - (await p.chain.messagesBetween(slot, signed.slot - 1))
      : signed.messagesBefore + signed.messageCount + (await p.chain.messagesBetween(signed.slot + 1, slot - 1))
  return count >= 0 ? count : p.chain.messagesBefore(slot)
}

/**
 * `relaymesh attester` (issue 12 §1): one Solana committee member. Follows the chain's finalized slots, computes
 * each slot's commitment with the relayers' own code (`commitmentAtSlot`), signs it with its ed25519 key when its
 * key sits on that epoch's committee, at most once per slot (`attestSlotCommitment`: recorded in Postgres before
 * it is served, so no restart or replica equivocates), and serves the signatures to the relayers' collectors at
 * `GET /v1/commitments/<slot>` (bearer token, rate limited per client), with `/healthz`, `/readyz` (Postgres) and
 * `/metrics` beside. It processes every slot in order, so it carries the epoch's running message count itself
 * (found once, at the first slot: `firstMessagesBefore`).
 *
 * @example
 * const attester = await startAttester({ db, key, chain, schedule, tokens, rateLimit, host: '0.0.0.0', port: 8090, logger, signal, clock })
 */
export async function startAttester(p: StartAttesterParameters): Promise<Attester> {
  if (p.tokens.length === 0) throw new Error('startAttester: at least one relayer token')
  const tokens = p.tokens.map(digest)
  const keep = p.keepSlots ?? 4096
  const signed = new Map<number, SignedCommitmentResponse>()
  const counters: Counters = { signed: 0, refused: 0, rpcErrors: 0, served: 0, unauthorized: 0, limited: 0 }
  const limiter = createRateLimiter(p.rateLimit, () => p.clock.now())
  let next = -1
  let messagesBefore: number | undefined
  const state: RequestState = {
    tokens,
    limiter,
    counters,
    signed,
    lastSigned: () => next - 1,
    db: p.db,
    domain: p.chain.domain,
    signer: p.key.publicKey,
    tracer: p.tracer,
    requireClientCert: Boolean(p.tls?.clientCa),
  }
  const server = createAttesterServer(p.tls, (req, res) => answerAttesterRequest(state, req, res))
  keepIdleConnections(server)

  async function attest(slot: number, messagesBefore: number): Promise<SlotCommitment | null> {
    const commitment = await p.chain.commitmentAt(slot, messagesBefore)
    if (
      !commitment ||
      !committeeForEpoch(p.schedule, commitment.epoch).members.some((m) => m.pubkey === p.key.publicKey)
    )
      return commitment
    try {
      signed.set(
        slot,
        await traceAttest(p.tracer, { commitment, signer: p.key.publicKey }, () =>
          attestSlotCommitment(p.db, p.key, commitment),
        ),
      )
      signed.delete(slot - keep)
      counters.signed++
    } catch (e) {
      if (!isRelaymeshError(e, 'ATTESTER_EQUIVOCATION_REFUSED')) throw e
      counters.refused++
      p.logger.error({ err: e, slot }, 'refused to sign a second commitment for a slot')
    }
    return commitment
  }

  const loop = (async () => {
    while (!p.signal.aborted) {
      try {
        const finalized = await p.chain.finalizedSlot()
        if (next < 0) next = Math.max(0, finalized - keep)
        // The epoch's running count (MEMO_FORMAT.md "Nonces") moves with `next`, only after a slot is done.
        for (; next <= finalized && !p.signal.aborted; next++) {
          messagesBefore ??= await firstMessagesBefore(p, next)
          const commitment = await attest(next, messagesBefore)
          messagesBefore = nextMessagesBefore({
            slot: next,
            slotsPerEpoch: p.chain.slotsPerEpoch,
            messagesBefore,
            commitment,
          })
        }
      } catch (e) {
        counters.rpcErrors++
        p.logger.warn({ err: e, slot: next }, 'attester round failed; retrying')
      }
      await new Promise((resolve) => setTimeout(resolve, p.pollIntervalMs ?? 400))
    }
  })()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(p.port, p.host, () => resolve())
  })
  const { port } = server.address() as AddressInfo // reason: a TCP listener
  const done = (async () => {
    await loop
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })()
  return {
    url: `${p.tls ? 'https' : 'http'}://${p.host === '0.0.0.0' ? '127.0.0.1' : p.host}:${port}`,
    lastSigned: () => next - 1,
    done,
  }
}
