import { consume, type BusMessage, type ConsumeHandler } from '@relaymesh/bus'
import { microBatches } from '@relaymesh/bus/internal'
import type { RelayerContext } from '../context/createRelayerContext.js'
import type { BatchProposal } from './BatchProposal.js'
import type { BatchSignature } from './BatchSignature.js'
import { batchSignatureCodec } from './batchSignatureCodec.js'
import { batchProposalCodec } from './batchProposalCodec.js'
import type { BatcherDeps, BatcherOptions } from './BatcherDeps.js'
import { collectSignature } from './collectSignature.js'
import { cosignProposal } from './cosignProposal.js'
import { createBatcherDeps } from './createBatcherDeps.js'
import { createCosignMemo } from './CosignMemo.js'
import { proposalRetryBackoff } from './proposalRetryBackoff.js'
import { proposedDestinations } from '../batch/proposedDestinations.js'
import { republishProposal } from './republishProposal.js'
import { decideRepublish } from './decideRepublish.js'
import { sealNextBatch, type SealMemory, type SealTarget } from './sealNextBatch.js'
import { createReobserveHints } from '../reobserve/createReobserveHints.js'
import { startReobserveHints } from '../reobserve/startReobserveHints.js'
import { createWaker, type Waker } from '../loop/createWaker.js'
import { recordDeadLetter } from '../loop/recordDeadLetter.js'
import { runLoop } from '../loop/runLoop.js'
import { runTogether } from '../loop/runTogether.js'

export type StartBatcherParameters = { signal: AbortSignal }
export type StartBatcherReturnType = { done: Promise<void> }

/**
 * The batcher of one relayer: proposes batches for the destinations it is
 * the configured proposer of, co-signs every other relayer's proposals
 * (durable `proposals` consumer on the mesh stream) and collects
 * co-signatures for its own (durable `signatures` consumer), and names to the mesh the source blocks of messages
 * that wait unbatched for long (`startReobserveHints`). Stops when
 * `signal` aborts; `done` rejects if a loop failed fatally.
 *
 * @example
 * const ac = new AbortController()
 * const batcher = startBatcher(ctx, { signal: ac.signal })
 * process.once('SIGTERM', () => ac.abort())
 * await batcher.done
 */
export function startBatcher(ctx: RelayerContext, { signal }: StartBatcherParameters): StartBatcherReturnType {
  const waker = createWaker()
  const { deps, options } = createBatcherDeps(ctx)
  const memo = createCosignMemo()
  const hints = createReobserveHints(ctx)
  const proposing = proposedDestinations(ctx)
  const tasks = [
    ...proposing.map((target) => (s: AbortSignal) => proposerLoop(deps, options, target, waker, s)),
    (s: AbortSignal) => consumeProposals(ctx, s, (proposal) => cosignProposal(deps, options, proposal, memo)),
    (s: AbortSignal) =>
      consumeSignatures(ctx, s, async (signature) => {
        if ((await collectSignature(deps, options, signature)) === 'quorum') waker.wake()
      }),
    (s: AbortSignal) => consumeWakeUps(ctx, proposerIntervalMs(options), waker, s),
    (s: AbortSignal) => startReobserveHints(hints.deps, hints.options, { signal: s }),
  ]
  return { done: runTogether(signal, tasks) }
}

/**
 * What the bus consumers run on: the relayer's transport (consumers, dead letters in its database), logger and clock.
 * The work on each delivery is the caller's, on `BatcherDeps`.
 */
type BatcherEdge = Pick<RelayerContext, 'bus' | 'catalogue' | 'db' | 'logger' | 'clock' | 'config'>

async function proposerLoop(
  deps: BatcherDeps,
  options: BatcherOptions,
  target: SealTarget,
  waker: Waker,
  signal: AbortSignal,
): Promise<void> {
  const intervalMs = proposerIntervalMs(options)
  // At the start (the process may have died between recording a batch and publishing it) and after a publish that
  // was not acknowledged (NATS restarting): the latest `proposed` batch is published again (the stream drops it if
  // it did arrive) before anything else. Otherwise no co-signer ever sees it and the destination waits the whole
  // quorum timeout for the refusal that proposes again.
  let republish = true
  const memory: SealMemory = { holdbackMs: 0 }
  await runLoop(deps, `propose:${target.destination}`, { signal, intervalMs, waker }, async () => {
    if (republish) {
      await republishProposal(deps, target.destination)
      republish = false
    }
    try {
      const outcome = await sealNextBatch(deps, options, target, memory)
      republish = decideRepublish({ kind: 'done' })
      return outcome === 'sealed' || outcome === 'refused'
    } catch (error) {
      republish = decideRepublish({ kind: 'failed', error })
      throw error
    }
  })
}

/**
 * Runs `each` on every message of a pull; failures map back to their message so `consume` naks or dead-letters just
 * those.
 */
function perMessage<T>(each: (m: BusMessage<T>) => Promise<unknown>): ConsumeHandler<T> {
  return async (messages) => {
    const failed = new Map<BusMessage<T>, unknown>()
    for (const m of messages) {
      try {
        await each(m)
      } catch (error) {
        failed.set(m, error)
      }
    }
    return failed
  }
}

async function consumeProposals(
  ctx: BatcherEdge,
  signal: AbortSignal,
  each: (proposal: BatchProposal) => Promise<unknown>,
): Promise<void> {
  const deadline = ctx.config.batch.cosignDeadlineMs
  await consume(ctx.bus, {
    stream: ctx.catalogue.streams.mesh.name,
    consumer: ctx.catalogue.consumers.proposals.durable,
    codec: batchProposalCodec,
    deadLetterSubject: ctx.catalogue.subjects.deadLetter('proposals'),
    onDeadLetter: recordDeadLetter(ctx),
    backoff: proposalRetryBackoff(deadline),
    expires: 1_000,
    batch: 16,
    signal,
    logger: ctx.logger,
    handler: perMessage((m) => each(m.data)),
  })
}

async function consumeSignatures(
  ctx: BatcherEdge,
  signal: AbortSignal,
  each: (signature: BatchSignature) => Promise<void>,
): Promise<void> {
  await consume(ctx.bus, {
    stream: ctx.catalogue.streams.mesh.name,
    consumer: ctx.catalogue.consumers.signatures.durable,
    codec: batchSignatureCodec,
    deadLetterSubject: ctx.catalogue.subjects.deadLetter('signatures'),
    onDeadLetter: recordDeadLetter(ctx),
    expires: 1_000,
    signal,
    logger: ctx.logger,
    handler: perMessage((m) => each(m.data)),
  })
}

/**
 * Verifier wake-ups (`verified.<dest>`): any delivery wakes the proposer. Read
 * raw (not through `consume`): the payload is the verifier's and the batcher
 * trusts none of it, Postgres is the source of truth, so there is nothing to decode.
 */
async function consumeWakeUps(ctx: BatcherEdge, gapMs: number, waker: Waker, signal: AbortSignal): Promise<void> {
  const consumer = await ctx.bus.js.consumers.get(
    ctx.catalogue.streams.bundles.name,
    ctx.catalogue.consumers.batcher.durable,
  )
  while (!signal.aborted) {
    try {
      // consume(), not fetch(): its subscription outlives missed heartbeats, so a busy moment loses no wake-up.
      const messages = await consumer.consume({ max_messages: 256, expires: 2_000 })
      // The proposer looks every interval anyway: a wake per delivery (one per verified bundle) only cost seal queries.
      let lastWakeAt = -Infinity
      const stop = () => messages.stop()
      signal.addEventListener('abort', stop, { once: true })
      try {
        for await (const group of microBatches(messages, 256)) {
          for (const m of group) m.ack()
          if (ctx.clock.now() - lastWakeAt < gapMs) continue
          lastWakeAt = ctx.clock.now()
          waker.wake()
        }
      } finally {
        signal.removeEventListener('abort', stop)
      }
    } catch (error) {
      if (signal.aborted) break
      ctx.logger.warn({ err: error }, 'wake-up pull failed; polling continues')
      await createWaker().sleep(1_000, signal)
    }
  }
}

/** How often a proposer looks at its queue unwoken: a quarter of the batch age limit, so a batch is sealed on time. */
function proposerIntervalMs(options: Pick<BatcherOptions, 'batch'>): number {
  return Math.max(20, Math.floor(options.batch.maxAgeMs / 4))
}
