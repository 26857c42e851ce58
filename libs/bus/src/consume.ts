import type { Consumer, JsMsg } from '@nats-io/jetstream'
import { millis } from '@nats-io/transport-node'
import { sleep, type ErrorAction } from '@relaymesh/errors'
import type { BusCodec } from './BusCodec.js'
import { BusError } from './BusError.js'
import { decodeDelivery, type BusMessage } from './BusMessage.js'
import type { Bus } from './connectBus.js'
import type { DeadLetter } from './deadLetter.js'
import { decidePullSize, nextHandlingCost, type PullOptions } from './decidePullSize.js'
import { openPullInbox, type PullInbox } from './openPullInbox.js'
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
   * Most deliveries held at once (pulled, not handled yet), however fast the handler. Default 4 x `batch`, at most the
   * consumer's `max_ack_pending`.
   */
  maxHeld?: number
  /** Share of the consumer's ack wait what is held may take to handle, at the measured speed. Default 0.5. */
  ackWaitShare?: number
  /**
   * Pull request lifetime in ms (min 1000). Default 2000. A pull left unanswered for twice as long is given up (said
   * in the log) and another sent; a stop waits for the pull in flight as long at most.
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
  /** Milliseconds, monotonic; measures the handler. Default `performance.now`. */
  clock?: { now(): number }
}

/**
 * A failed pull (refused by the connection or the server) is retried after `backoff` (by the count of failures in a
 * row); the `maxFailures`-th failure in a row throws `BUS_FETCH_FAILED` with action `fatal`. A pull left unanswered is
 * pulled again but never counted.
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
  /** Deliveries told in progress (`+WPI`) because a handler call ran past its share of the ack wait. */
  extended: number
  /** Pull requests sent. */
  pulls: number
}

/**
 * Pull loop over a durable consumer: asks the server for what the handler gets through well inside the consumer's ack
 * wait (`decidePullSize`, from the measured time per delivery), decodes it, calls `handler` with up to `batch` of what
 * has arrived, and settles every message by the outcome. On `signal` abort it stops asking for more, handles and acks
 * what the pull in flight still delivers, and returns.
 *
 * It holds no more than it handles within the ack wait: a delivery held longer is sent again, and the copy waits too
 * (a verifier behind by more than the ack wait held 11,567 deliveries at once, each with its socket chunk). A handler
 * call that runs past `ackWaitShare` of the ack wait tells the server its deliveries, and those waiting behind it, are
 * still being worked on (`+WPI`), once per such stretch, never per delivery on a timer of its own.
 *
 * It reads its own inbox, which outlives its pulls: a process starved of CPU for a while still handles what the server
 * sent meanwhile, at once, instead of after `ack_wait`.
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
  const config = await readConsumerConfig(consumer, params)
  const settle: SettleContext & { acked: AckedSequences } = {
    bus,
    maxDeliver: config.maxDeliver,
    backoff: params.backoff ?? defaultRetryBackoff,
    unknownErrorAction: params.unknownErrorAction ?? 'retry',
    deadLetterSubject: params.deadLetterSubject,
    onDeadLetter: params.onDeadLetter,
    logger: params.logger,
    acked: createAckedSequences(ACKED_SEQUENCES_KEPT),
  }
  const stats: ConsumeReturnType = {
    ...{ batches: 0, acked: 0, duplicates: 0, retried: 0, deadLettered: 0, unconfirmed: 0 },
    ...{ extended: 0, pulls: 0 },
  }
  const clock = params.clock ?? { now: () => performance.now() }
  const js = bus.js.getOptions()
  const inbox = openPullInbox(bus.nc, {
    stream: params.stream,
    consumer: params.consumer,
    apiPrefix: js.apiPrefix ?? '$JS.API',
    expiresMs: Math.max(1_000, params.expires ?? 2_000),
    ackTimeoutMs: js.timeout ?? 5_000,
    clock,
  })
  const loop: PullLoop = { inbox, clock, options: pullOptionsOf(params, config), costMs: undefined }
  try {
    await pullAndHandle(params, loop, settle, stats)
  } catch (error) {
    throw error instanceof FatalHandlerError ? error.cause : error
  } finally {
    inbox.close()
  }
  // Naks and terms are fire-and-forget: make sure they left before returning (a closing connection flushes them).
  if (!bus.nc.isClosed() && !bus.nc.isDraining()) await bus.nc.flush()
  return stats
}

type PullLoop = { inbox: PullInbox; clock: { now(): number }; options: PullOptions; costMs: number | undefined }

function pullOptionsOf<T>(params: ConsumeParameters<T>, config: ConsumerSettings): PullOptions {
  const batch = params.batch ?? 64
  const maxHeld = params.maxHeld ?? Math.min(4 * batch, config.maxAckPending > 0 ? config.maxAckPending : Infinity)
  return { ackWaitMs: config.ackWaitMs, share: params.ackWaitShare ?? 0.5, batch, maxHeld: Math.max(1, maxHeld) }
}

/** Until stopped: pull what the decision allows, wait when nothing is held, handle a group at a time. */
async function pullAndHandle<T>(
  params: ConsumeParameters<T>,
  loop: PullLoop,
  settle: SettleContext & { acked: AckedSequences },
  stats: ConsumeReturnType,
): Promise<void> {
  const { inbox } = loop
  let failures = 0
  for (;;) {
    const failure = pullEnd(params, inbox) ?? (params.signal?.aborted ? undefined : pullIfDue(loop, stats))
    if (failure) {
      failures += 1
      await onFetchFailure(params, failure.error, failures)
      continue
    }
    const group = inbox.take(loop.options.batch)
    if (group.length === 0) {
      if (params.signal?.aborted && inbox.outstanding === 0) return
      await inbox.changed(params.signal)
      continue
    }
    failures = 0
    const started = loop.clock.now()
    await handleKeptAlive(
      params,
      { ...settle, inbox, everyMs: loop.options.ackWaitMs * loop.options.share },
      group,
      stats,
    )
    loop.costMs = nextHandlingCost(loop.costMs, { messages: group.length, elapsedMs: loop.clock.now() - started })
  }
}

/** A pull the server refused or cut short is a failed pull; one it never answered is said, and pulled again. */
function pullEnd<T>(params: ConsumeParameters<T>, inbox: PullInbox): { error: unknown } | undefined {
  const end = inbox.takeEnd()
  if (end?.kind === 'error') return { error: end.error }
  if (end?.kind === 'unanswered')
    params.logger?.warn({ stream: params.stream, consumer: params.consumer }, 'pull unanswered; pulling again')
  return undefined
}

function pullIfDue(loop: PullLoop, stats: ConsumeReturnType): { error: unknown } | undefined {
  const { inbox } = loop
  const decision = decidePullSize(
    { held: inbox.arrived, outstanding: inbox.outstanding, costMs: loop.costMs },
    loop.options,
  )
  if (decision.size === 0) return undefined
  try {
    inbox.pull(decision.size)
    stats.pulls += 1
    return undefined
  } catch (error) {
    return { error }
  }
}

/**
 * Handles a group; while the handler runs past `everyMs` (a share of the ack wait), tells the server the group and
 * the deliveries held behind it are still being worked on, so a slow call does not make it send them again.
 */
async function handleKeptAlive<T>(
  params: ConsumeParameters<T>,
  settle: SettleContext & { acked: AckedSequences; inbox: PullInbox; everyMs: number },
  group: JsMsg[],
  stats: ConsumeReturnType,
): Promise<void> {
  const keepAlive = setInterval(() => {
    const before = stats.extended
    for (const m of group) m.working()
    stats.extended += group.length + settle.inbox.touch()
    if (crossedPowerOfTwo(before, stats.extended))
      params.logger?.warn(
        { stream: params.stream, consumer: params.consumer, extended: stats.extended },
        'handler call past its share of the ack wait: deliveries told in progress',
      )
  }, settle.everyMs)
  try {
    await handleGroup(params, settle, group, stats)
  } finally {
    clearInterval(keepAlive)
  }
}

/** Said at the 1st, 2nd, 4th, 8th... occurrence of something that should be rare. */
function crossedPowerOfTwo(before: number, after: number): boolean {
  return after > before && Math.floor(Math.log2(after)) > Math.floor(Math.log2(before || 0.5))
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
  // A sign a delivery waited past the ack wait: a handler call much slower than the ones measured before it.
  if (crossedPowerOfTwo(before, stats.duplicates))
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

type ConsumerSettings = { maxDeliver: number; ackWaitMs: number; maxAckPending: number }

async function readConsumerConfig<T>(consumer: Consumer, params: ConsumeParameters<T>): Promise<ConsumerSettings> {
  const config = (await consumer.info(true)).config
  const serverMax = config.max_deliver ?? -1
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
  // The server's default ack wait is 30 s.
  const ackWaitMs = config.ack_wait ? millis(config.ack_wait) : 30_000
  return { maxDeliver, ackWaitMs, maxAckPending: config.max_ack_pending ?? -1 }
}
