import type { Consumer, ConsumerMessages, JsMsg } from '@nats-io/jetstream'
import { sleep, type ErrorAction } from '@relaymesh/errors'
import type { BusCodec } from './BusCodec.js'
import { BusError } from './BusError.js'
import { decodeDelivery, type BusMessage } from './BusMessage.js'
import type { Bus } from './connectBus.js'
import type { DeadLetter } from './deadLetter.js'
import { drainOnAbort } from './drainOnAbort.js'
import { isMissedHeartbeats } from './isMissedHeartbeats.js'
import { microBatches } from './microBatches.js'
import { defaultRetryBackoff, retryDelayMs, type RetryBackoff } from './retryDelay.js'
import { settleDelivery, type BusLogger, type SettleContext, type Settlement } from './settleDelivery.js'

/**
 * Handles a batch. Return nothing when every message succeeded, or a map from
 * the messages that failed to their errors (the rest are acked). A thrown
 * error applies to the whole batch. Errors say what to do via `action`:
 * `retry` -> nak with backoff (dead letter after `maxDeliver`), `reject` ->
 * dead letter now, `fatal` -> stop the loop and rethrow.
 */
export type ConsumeHandler<T> = (messages: BusMessage<T>[]) => Promise<void | ReadonlyMap<BusMessage<T>, unknown>>

export type ConsumeParameters<T> = {
  stream: string
  consumer: string
  codec: BusCodec<T>
  handler: ConsumeHandler<T>
  /** e.g. `catalogue.subjects.deadLetter('verifier')`. */
  deadLetterSubject: string
  /**
   * Called after the dead-letter copy is published and before `term()`; must be idempotent per
   * (stream, streamSequence).
   */
  onDeadLetter?: (entry: DeadLetter) => Promise<void>
  /** Most messages per handler call. Default 64. */
  batch?: number
  /**
   * Pull request lifetime in ms (min 1000). Bounds how long a stop waits for the pulls in flight. Default 2000. The
   * server's idle heartbeat is half of it; a missed one only makes the client pull again.
   */
  expires?: number
  /** Deliveries before a retryable failure is dead-lettered. Default: the consumer's `max_deliver - 1`. */
  maxDeliver?: number
  signal?: AbortSignal
  backoff?: RetryBackoff
  /** Action for errors that are not relaymesh errors. Default `retry`. */
  unknownErrorAction?: ErrorAction
  /** Pacing of pulls after a failed one, and how many failures in a row stop the loop. Default `defaultFetchRetry`. */
  fetchRetry?: FetchRetry
  logger?: BusLogger
}

/**
 * A failed pull is retried after `backoff` (by the count of failures in a row); the `maxFailures`-th failure in a row
 * throws `BUS_FETCH_FAILED` with action `fatal`. Missed idle heartbeats are retried but never counted.
 */
export type FetchRetry = { backoff: RetryBackoff; maxFailures: number }

/** 200 ms doubling to 5 s, fatal at the 10th failure in a row: ~26 s of an unreachable server. */
export const defaultFetchRetry: FetchRetry = { backoff: { initialMs: 200, factor: 2, maxMs: 5_000 }, maxFailures: 10 }

export type ConsumeReturnType = {
  batches: number
  acked: number
  /** Deliveries of a message this loop had acked already (a redelivery that crossed the ack): acked, not handled. */
  duplicates: number
  retried: number
  deadLettered: number
  unconfirmed: number
}

/**
 * Pull loop over a durable consumer: keeps up to `batch` messages coming, decodes them, calls `handler` with what
 * has arrived, and settles every message by the outcome. On `signal` abort it stops asking for more, handles and
 * acks what the pulls in flight still deliver (within `expires`), and returns.
 *
 * It reads through nats.js `consume()`, whose subscription outlives missed idle heartbeats. A `fetch()` ends at the
 * second missed heartbeat and drops what the server sent meanwhile, so a process starved of CPU for a second (a busy
 * 2-core machine) got those deliveries back only after `ack_wait`: co-signatures came 30 s late.
 *
 * @example
 * const stats = await consume(bus, {
 *   stream: cat.streams.bundles.name, consumer: cat.consumers.verifier.durable, codec: bundleCodec,
 *   deadLetterSubject: cat.subjects.deadLetter('verifier'), signal,
 *   handler: async (msgs) => { await verifyBundles(msgs.map((m) => m.data)) },
 *   onDeadLetter: (entry) => store.recordDeadLetter(entry),
 * })
 */
export async function consume<T>(
  bus: Pick<Bus, 'js' | 'nc' | 'maxPayload'>,
  params: ConsumeParameters<T>,
): Promise<ConsumeReturnType> {
  const consumer = await getConsumer(bus, params)
  const settle: SettleContext = {
    bus,
    maxDeliver: await resolveMaxDeliver(consumer, params),
    backoff: params.backoff ?? defaultRetryBackoff,
    unknownErrorAction: params.unknownErrorAction ?? 'retry',
    deadLetterSubject: params.deadLetterSubject,
    onDeadLetter: params.onDeadLetter,
    logger: params.logger,
  }
  const stats: ConsumeReturnType = { batches: 0, acked: 0, duplicates: 0, retried: 0, deadLettered: 0, unconfirmed: 0 }
  const acked = createAckedSequences(ACKED_SEQUENCES_KEPT)
  const batch = params.batch ?? 64
  const expires = params.expires ?? 2_000
  let failures = 0
  while (!params.signal?.aborted) {
    try {
      const messages = await consumer.consume({ max_messages: batch, expires })
      logPullTrouble(messages, params)
      const release = drainOnAbort(messages, params.signal, expires + 2_000)
      try {
        for await (const group of microBatches(messages, batch)) {
          failures = 0
          await handleGroup(params, { ...settle, acked }, group, stats)
        }
      } finally {
        release()
      }
      // Ended without a stop: the connection closed under it.
      if (!params.signal?.aborted) throw new Error(`consume of ${params.stream}/${params.consumer} ended`)
    } catch (error) {
      if (error instanceof FatalHandlerError) throw error.cause
      if (!isMissedHeartbeats(error)) failures += 1
      await onFetchFailure(params, error, failures)
    }
  }
  // Naks and terms are fire-and-forget: make sure they left before returning.
  await bus.nc.flush()
  return stats
}

/** Missed heartbeats and a vanished consumer are told only as notifications: the pull goes on, so say so in the log. */
function logPullTrouble<T>(messages: ConsumerMessages, params: ConsumeParameters<T>): void {
  const logger = params.logger
  if (!logger) return
  void (async () => {
    for await (const n of messages.status()) {
      if (n.type === 'heartbeats_missed' || n.type === 'consumer_not_found' || n.type === 'stream_not_found') {
        logger.warn({ stream: params.stream, consumer: params.consumer, notice: n }, 'pull trouble; pulling again')
      }
    }
  })()
}

/** Wraps a handler's fatal error so the fetch-retry path does not swallow it. */
class FatalHandlerError extends Error {
  constructor(override readonly cause: unknown) {
    super('fatal handler error')
  }
}

/** Stream sequences of the latest acks a loop remembers, to skip their redeliveries. */
const ACKED_SEQUENCES_KEPT = 65_536

/** A bounded set of stream sequences, the oldest forgotten first. */
type AckedSequences = { has(seq: number): boolean; add(seq: number): void }

function createAckedSequences(max: number): AckedSequences {
  const seqs = new Set<number>()
  return {
    has: (seq) => seqs.has(seq),
    add(seq) {
      seqs.add(seq)
      // reason: a non-empty set has a first value
      if (seqs.size > max) seqs.delete(seqs.values().next().value as number)
    },
  }
}

/**
 * Handles one group and settles each delivery by its outcome. A delivery of a message this loop acked already is acked
 * again and not handled: under a backlog deeper than the ack wait, the server redelivers what waits in the client's
 * buffer, and each copy was verified and stored again (a relayer's verifier held 11,567 such deliveries at once and
 * fell half an hour behind its peers). An ack is given after the outcome is durable, so the first copy's work stands.
 */
async function handleGroup<T>(
  params: ConsumeParameters<T>,
  settle: SettleContext & { acked: AckedSequences },
  group: JsMsg[],
  stats: ConsumeReturnType,
): Promise<void> {
  stats.batches += 1
  const raws: JsMsg[] = []
  const before = stats.duplicates
  for (const raw of group) {
    if (!settle.acked.has(raw.info.streamSequence)) raws.push(raw)
    else {
      raw.ack()
      stats.duplicates += 1
    }
  }
  // Said at the 1st, 2nd, 4th, 8th... such delivery: a sign the client holds more than it handles in one ack wait.
  if (stats.duplicates > before && Math.floor(Math.log2(stats.duplicates)) > Math.floor(Math.log2(before || 0.5)))
    params.logger?.warn(
      { stream: params.stream, consumer: params.consumer, duplicates: stats.duplicates },
      'redeliveries of messages already acked: acked again, not handled (deliveries waited past the ack wait)',
    )
  const deliveries = raws.map((raw) => decodeDelivery(params.codec, raw))
  const messages = deliveries.flatMap((d) => (d.message ? [d.message] : []))
  let failed: ReadonlyMap<BusMessage<T>, unknown> = new Map()
  let thrown: { error: unknown } | undefined
  if (messages.length > 0) {
    try {
      failed = (await params.handler(messages)) ?? failed
    } catch (error) {
      thrown = { error }
    }
  }
  const settlements = await Promise.all(
    deliveries.map((d) => settleDelivery(settle, d.raw, d.error ?? (thrown ? thrown.error : failed.get(d.message)))),
  )
  count(stats, settlements)
  for (const [i, d] of deliveries.entries())
    if (settlements[i]?.outcome === 'acked') settle.acked.add(d.raw.info.streamSequence)
  const fatal = settlements.find((s) => s.outcome === 'fatal')
  if (fatal && 'error' in fatal) throw new FatalHandlerError(fatal.error)
}

function count(stats: ConsumeReturnType, settlements: Settlement[]): void {
  for (const { outcome } of settlements) {
    if (outcome === 'acked') stats.acked += 1
    else if (outcome === 'retried') stats.retried += 1
    else if (outcome === 'dead-lettered') stats.deadLettered += 1
    else if (outcome === 'unconfirmed') stats.unconfirmed += 1
  }
}

async function onFetchFailure<T>(params: ConsumeParameters<T>, error: unknown, failures: number): Promise<void> {
  if (params.signal?.aborted) return
  const retry = params.fetchRetry ?? defaultFetchRetry
  const wrapped = new BusError(`pull from ${params.stream}/${params.consumer} failed`, {
    code: 'BUS_FETCH_FAILED',
    action: failures >= retry.maxFailures ? 'fatal' : 'retry',
    details: error instanceof Error ? error.message : String(error),
    meta: { stream: params.stream, consumer: params.consumer, failures },
    cause: error,
  })
  if (wrapped.action === 'fatal') throw wrapped
  params.logger?.warn({ err: wrapped, failures }, 'pull failed; retrying')
  await sleep(retryDelayMs(Math.max(1, failures), retry.backoff), params.signal)
}

async function getConsumer<T>(bus: Pick<Bus, 'js'>, params: ConsumeParameters<T>): Promise<Consumer> {
  try {
    return await bus.js.consumers.get(params.stream, params.consumer)
  } catch (cause) {
    throw new BusError(`consumer ${params.stream}/${params.consumer} is not available`, {
      code: 'BUS_CONSUMER_MISCONFIGURED',
      action: 'fatal',
      meta: { stream: params.stream, consumer: params.consumer },
      cause,
      details: `${cause instanceof Error ? cause.message : String(cause)}; run ensureStreams/ensureConsumer first`,
    })
  }
}

async function resolveMaxDeliver<T>(consumer: Consumer, params: ConsumeParameters<T>): Promise<number> {
  const serverMax = (await consumer.info(true)).config.max_deliver ?? -1
  const maxDeliver = params.maxDeliver ?? (serverMax > 1 ? serverMax - 1 : undefined)
  if (maxDeliver === undefined || maxDeliver < 1 || (serverMax !== -1 && serverMax < maxDeliver)) {
    throw new BusError(`consumer ${params.stream}/${params.consumer} max_deliver does not fit the dead-letter policy`, {
      code: 'BUS_CONSUMER_MISCONFIGURED',
      action: 'fatal',
      details:
        'the server must deliver at least maxDeliver times, or retryable failures are parked without a dead letter',
      meta: { serverMaxDeliver: serverMax, maxDeliver: params.maxDeliver },
    })
  }
  return maxDeliver
}
