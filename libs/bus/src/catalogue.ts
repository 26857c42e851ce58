import { BusError } from './BusError.js'
import type { ConsumerSpec } from './ensureConsumer.js'
import type { StreamSpec } from './ensureStreams.js'

/**
 * Every relaymesh stream, subject and durable consumer name lives here, so a
 * rename is one diff and no service spells a subject by hand.
 *
 * Per relayer (`<r>` = relayer id):
 * - `RM_<R>_BUNDLES`: `relaymesh.<r>.bundles.<origin>` (watcher -> verifier) and
 *   `relaymesh.<r>.verified.<destination>` (verifier -> batcher)
 * - `RM_<R>_DLQ`: `relaymesh.<r>.dlq.<stage>` (dead letters of every stage)
 *
 * Shared by all relayers of the mesh:
 * - `RM_MESH`: `relaymesh.mesh.proposals.<destination>.<r>` and
 *   `relaymesh.mesh.signatures.<destination>.<r>` (batch proposals and
 *   co-signatures; the last token is the publishing relayer, so NATS
 *   permissions can let each relayer publish as itself only)
 */
export type CreateBusCatalogueParameters = {
  /** Lowercase letters, digits and `-`; becomes a subject token and, uppercased, part of stream names. */
  relayerId: string
  /** First subject token; tests pass a unique one so runs never share streams. Default `relaymesh`. */
  subjectRoot?: string
  /** Stream name prefix. Default `RM`. */
  streamPrefix?: string
  /** JetStream replicas per stream (R3 on a 3-node cluster); default 1 each, for a single server. */
  replicas?: { bundles?: number | undefined; deadLetters?: number | undefined; mesh?: number | undefined } | undefined
}

export type PipelineStage = 'verifier' | 'batcher' | 'settler' | 'proposals' | 'signatures'

export type BusCatalogue = ReturnType<typeof createBusCatalogue>

const tokenPattern = /^[a-z0-9][a-z0-9-]{0,47}$/
const prefixPattern = /^[A-Za-z0-9_-]{1,32}$/

/** Subject token for chains and stages: `*`, `>`, `.` and spaces would change the subject's meaning. */
export function assertSubjectToken(kind: string, value: string): void {
  if (!tokenPattern.test(value)) {
    throw new BusError(`invalid ${kind}`, {
      code: 'BUS_INVALID_NAME',
      action: 'fatal',
      details: `${kind} must match ${String(tokenPattern)}, got ${JSON.stringify(value)}`,
      meta: { kind, value },
    })
  }
}

const hour = 3_600_000

/** A durable pull consumer with explicit acks and bounded redelivery. */
function durableConsumer(durable: string, filterSubjects: string[], maxDeliver = 6): ConsumerSpec {
  return { durable, filterSubjects, ackWaitMs: 30_000, maxDeliver, maxAckPending: 1_024 }
}

/** Deliveries of one source bundle before it is dead-lettered (see `consumers.verifier`). */
export const VERIFIER_MAX_DELIVER = 2_000
/**
 * Deliveries of one batch proposal: the co-signer re-checks a proposal whose messages its verifier has not
 * accepted yet at short intervals (seconds, not tens of seconds) up to its co-sign deadline, then refuses it.
 */
export const PROPOSALS_MAX_DELIVER = 32
const day = 24 * hour

/** File storage, limits retention, a 2 h msg-id dedup window (a republished bundle inside it is dropped). */
function streamSpec(name: string, subjects: string[], maxAgeMs: number, maxBytes: number, replicas = 1): StreamSpec {
  return { name, subjects, maxAgeMs, maxBytes, duplicateWindowMs: 2 * hour, replicas }
}

/**
 * Builds the catalogue for one relayer.
 *
 * @example
 * const cat = createBusCatalogue({ relayerId: 'r1' })
 * await ensureStreams(bus.jsm, cat.streams.all)
 * await publish(bus, cat.subjects.bundles('ethereum'), bundle, { codec, msgId: `ethereum:${blockHash}` })
 */
export function createBusCatalogue({
  relayerId,
  subjectRoot = 'relaymesh',
  streamPrefix = 'RM',
  replicas = {},
}: CreateBusCatalogueParameters) {
  assertSubjectToken('relayerId', relayerId)
  assertSubjectToken('subjectRoot', subjectRoot)
  if (!prefixPattern.test(streamPrefix)) {
    throw new BusError('invalid streamPrefix', { code: 'BUS_INVALID_NAME', action: 'fatal', meta: { streamPrefix } })
  }
  const R = relayerId.toUpperCase().replace(/-/g, '_')
  const subjects = busSubjects(subjectRoot, relayerId)

  const consumers = {
    // A bundle whose block is not final yet is retried, never dead-lettered for waiting:
    // with the verifier's capped backoff this allows hours of pending finality.
    verifier: durableConsumer('verifier', [subjects.allBundles], VERIFIER_MAX_DELIVER),
    batcher: durableConsumer('batcher', [subjects.allVerified]),
    // The mesh stream is shared: each relayer needs its own durable cursor on it.
    // A proposal waiting on this relayer's verifier is retried at short, growing intervals until its co-sign deadline.
    proposals: durableConsumer(`${R}_proposals`, [subjects.allProposals], PROPOSALS_MAX_DELIVER),
    signatures: durableConsumer(`${R}_signatures`, [subjects.allSignatures]),
  }

  return {
    relayerId,
    subjects,
    streams: busStreams({ relayer: `${streamPrefix}_${R}`, mesh: `${streamPrefix}_MESH` }, subjects, replicas),
    consumers,
    /** Each finality client (beacon, parlia) keeps its own durable per origin, so no client takes another's proofs. */
    finalityConsumer: (client: string, origin: string, maxDeliver?: number) =>
      durableConsumer(`${client}_${subjectToken('origin', origin)}`, [subjects.finality(origin)], maxDeliver),
  }
}

/** `value`, once checked to be a subject token. */
function subjectToken(kind: string, value: string): string {
  assertSubjectToken(kind, value)
  return value
}

/** One relayer's subjects (`<root>.<relayerId>.*`) and those of the mesh it shares (`<root>.mesh.*`). */
function busSubjects(subjectRoot: string, relayerId: string) {
  const r = `${subjectRoot}.${relayerId}`
  const mesh = `${subjectRoot}.mesh`
  const token = subjectToken
  return {
    bundles: (origin: string) => `${r}.bundles.${token('origin', origin)}`,
    verified: (destination: string) => `${r}.verified.${token('destination', destination)}`,
    /** Finality proofs (light-client updates, Parlia headers, Solana slot commitments) per source chain. */
    finality: (origin: string) => `${r}.finality.${token('origin', origin)}`,
    proposals: (destination: string) => `${mesh}.proposals.${token('destination', destination)}.${relayerId}`,
    signatures: (destination: string) => `${mesh}.signatures.${token('destination', destination)}.${relayerId}`,
    /**
     * Core NATS (no stream): a committee member's signed Solana slot commitment that disagrees with another, shared
     * between relayers as equivocation evidence; each relayer keeps what it receives in its own database.
     */
    evidence: (origin: string) => `${mesh}.evidence.${token('origin', origin)}.${relayerId}`,
    /**
     * Core NATS (no stream): source blocks whose messages this relayer verified long ago and no batch holds yet, so
     * that a relayer whose watcher passed them without storing them reads them again (it verifies them itself).
     */
    reobserve: (origin: string) => `${mesh}.reobserve.${token('origin', origin)}.${relayerId}`,
    deadLetter: (stage: PipelineStage | (string & {})) => `${r}.dlq.${token('stage', stage)}`,
    allBundles: `${r}.bundles.>`,
    allVerified: `${r}.verified.>`,
    allFinality: `${r}.finality.>`,
    allProposals: `${mesh}.proposals.>`,
    allSignatures: `${mesh}.signatures.>`,
    allEvidence: `${mesh}.evidence.>`,
    allReobserve: `${mesh}.reobserve.>`,
    allDeadLetters: `${r}.dlq.>`,
  } as const
}

/** The relayer's streams (`<prefix>_<R>_BUNDLES`, `<prefix>_<R>_DLQ`) and the mesh's (`<prefix>_MESH`). */
function busStreams(
  names: { relayer: string; mesh: string },
  subjects: ReturnType<typeof busSubjects>,
  replicas: NonNullable<CreateBusCatalogueParameters['replicas']>,
) {
  // No age limit: a bundle is dropped only for room, and the watchers' stream gate keeps room from costing an unacked
  // one. An age limit would drop the unverified bundles of a verifier down for longer than it, with no record anywhere.
  const bundles = streamSpec(
    `${names.relayer}_BUNDLES`,
    [subjects.allBundles, subjects.allVerified, subjects.allFinality],
    0,
    2 * 1024 ** 3,
    replicas.bundles,
  )
  const deadLetters = streamSpec(
    `${names.relayer}_DLQ`,
    [subjects.allDeadLetters],
    30 * day,
    256 * 1024 ** 2,
    replicas.deadLetters,
  )
  const mesh = streamSpec(names.mesh, [subjects.allProposals, subjects.allSignatures], day, 1024 ** 3, replicas.mesh)
  return { bundles, deadLetters, mesh, all: [bundles, deadLetters, mesh] }
}
