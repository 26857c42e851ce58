import type { AddressInfo } from 'node:net'
import { isRelaymeshError } from '@relaymesh/errors'
import {
  committeeForEpoch,
  decodeSlotCommitment,
  epochStartSlot,
  type CommitteeSchedule,
  type SlotCommitment,
} from '@relaymesh/solana'
import { nearestAttestation, type StoreDb } from '@relaymesh/store'
import type { Logger, Tracer } from '@relaymesh/telemetry'
import type { RateLimitOptions } from '../api/createRateLimiter.js'
import type { SignedCommitmentResponse } from '../solana/collectCommitmentSignatures.js'
import { attestSlotCommitment, type AttesterKey } from './attestSlotCommitment.js'
import { traceAttest } from './attesterSpans.js'
import { createAttesterRequestHandler, type AttesterCounters } from './createAttesterRequestHandler.js'
import { createAttesterServer, type AttesterTls } from './createAttesterServer.js'
import { nextMessagesBefore } from './commitmentAtSlot.js'
import { keepIdleConnections } from '../api/keepIdleConnections.js'
import { RelayerError } from '../RelayerError.js'

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
 * `relaymesh attester`: one Solana committee member. Follows the chain's finalized slots, computes
 * each slot's commitment with the relayers' own code (`commitmentAtSlot`), signs it with its ed25519 key when its
 * key sits on that epoch's committee, at most once per slot (`attestSlotCommitment`: recorded in Postgres before
 * it is served, so no restart or replica equivocates), and serves the signatures to the relayers' collectors at
 * `GET /v1/commitments/<slot>` (bearer token, rate limited per client), with `/healthz`, `/readyz` (Postgres) and
 * `/metrics` beside. It processes every slot in order, so it carries the epoch's running message count itself
 * (found once, at the first slot: `firstMessagesBefore`).
 *
 * @example
 * const attester = await startAttester({
 *   db, key, chain, schedule, tokens, rateLimit, host: '0.0.0.0', port: 8090, logger, signal, clock,
 * })
 */
export async function startAttester(p: StartAttesterParameters): Promise<Attester> {
  if (p.tokens.length === 0) {
    throw new RelayerError('startAttester: at least one relayer token', { code: 'CONFIG_INVALID', action: 'fatal' })
  }
  const run: AttesterRun = {
    keep: p.keepSlots ?? 4096,
    signed: new Map(),
    counters: { signed: 0, refused: 0, rpcErrors: 0, served: 0, unauthorized: 0, limited: 0 },
    next: -1,
    messagesBefore: undefined,
  }
  const handler = createAttesterRequestHandler({
    tokens: p.tokens,
    rateLimit: p.rateLimit,
    clock: p.clock,
    counters: run.counters,
    signed: run.signed,
    lastSigned: () => run.next - 1,
    db: p.db,
    domain: p.chain.domain,
    signer: p.key.publicKey,
    tracer: p.tracer,
    requireClientCert: Boolean(p.tls?.clientCa),
  })
  const server = keepIdleConnections(createAttesterServer(p.tls, handler))
  const loop = followFinalizedSlots(p, run)
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
    lastSigned: () => run.next - 1,
    done,
  }
}

/** A running attester's state: the slots it signed and keeps to serve, its counters, and where its loop stands. */
type AttesterRun = {
  keep: number
  signed: Map<number, SignedCommitmentResponse>
  counters: AttesterCounters
  /** The next slot to process (-1 before the first round). */
  next: number
  /** The epoch's running message count before `next` (MEMO_FORMAT.md "Nonces"); found at the first slot. */
  messagesBefore: number | undefined
}

/** Processes every finalized slot in order until the signal aborts; a failed round is counted, logged and retried. */
async function followFinalizedSlots(p: StartAttesterParameters, run: AttesterRun): Promise<void> {
  while (!p.signal.aborted) {
    try {
      const finalized = await p.chain.finalizedSlot()
      if (run.next < 0) run.next = Math.max(0, finalized - run.keep)
      // The epoch's running count moves with `next`, only after a slot is done.
      for (; run.next <= finalized && !p.signal.aborted; run.next++) {
        run.messagesBefore ??= await firstMessagesBefore(p, run.next)
        const commitment = await attestSlot(p, run, run.next, run.messagesBefore)
        run.messagesBefore = nextMessagesBefore({
          slot: run.next,
          slotsPerEpoch: p.chain.slotsPerEpoch,
          messagesBefore: run.messagesBefore,
          commitment,
        })
      }
    } catch (e) {
      run.counters.rpcErrors++
      p.logger.warn({ err: e, slot: run.next }, 'attester round failed; retrying')
    }
    await new Promise((resolve) => setTimeout(resolve, p.pollIntervalMs ?? 400))
  }
}

/**
 * The slot's commitment, signed and kept to serve when this key sits on the epoch's committee; a second, different
 * one is refused.
 */
async function attestSlot(
  p: StartAttesterParameters,
  run: AttesterRun,
  slot: number,
  messagesBefore: number,
): Promise<SlotCommitment | null> {
  const commitment = await p.chain.commitmentAt(slot, messagesBefore)
  if (!commitment || !committeeForEpoch(p.schedule, commitment.epoch).members.some((m) => m.pubkey === p.key.publicKey))
    return commitment
  try {
    run.signed.set(
      slot,
      await traceAttest(p.tracer, { commitment, signer: p.key.publicKey }, () =>
        attestSlotCommitment(p.db, p.key, commitment),
      ),
    )
    run.signed.delete(slot - run.keep)
    run.counters.signed++
  } catch (e) {
    if (!isRelaymeshError(e, 'ATTESTER_EQUIVOCATION_REFUSED')) throw e
    run.counters.refused++
    p.logger.error({ err: e, slot }, 'refused to sign a second commitment for a slot')
  }
  return commitment
}
