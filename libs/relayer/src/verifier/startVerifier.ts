import { consume, publish, type BusMessage } from '@relaymesh/bus'
import { recordRejections } from '@relaymesh/store'
import { contextFromHeaders } from '@relaymesh/telemetry'
import { incomingBundleCodec, verifiedNoticeCodec, type IncomingBundle } from '../bundle/bundleCodec.js'
import { decodeBundleWire } from '../bundle/decodeBundleWire.js'
import { REOBSERVED_HEADER } from '../bundle/reobservedHeader.js'
import type { RelayerContext } from '../context/createRelayerContext.js'
import type { FinalityProvider } from '../finality/FinalityProvider.js'
import { startConfiguredFinality } from '../finality/startConfiguredFinality.js'
import { toReasonCode } from '@relaymesh/errors'
import { bytesToHex, hexToBytes } from '@relaymesh/protocol'
import { RelayerError } from '../RelayerError.js'
import { createVerifierPool, type VerifierPool } from './createVerifierPool.js'
import { persistVerification, rejectBundle } from './persistVerification.js'
import { recordVerifySpans } from './recordVerifySpans.js'
import { keptRootIds } from '../tracing/keptRootIds.js'
import { recordKeptMessageRoots } from '../tracing/recordKeptMessageRoots.js'
import { createRootFlusher } from '../tracing/createRootFlusher.js'
import { isMessageTraceKeeper } from '../tracing/isMessageTraceKeeper.js'
import { rootRefusedBundleClaims } from '../tracing/rootRefusedBundleClaims.js'
import { recordSpanError } from '../tracing/recordSpanError.js'
import type { PackedVerification } from './PackedVerification.js'
import { createSolanaBundleHandler } from '../solana/createSolanaBundleHandler.js' // Solana (issue 5)
import { withSolanaBundles } from '../solana/SolanaSlotBundle.js' // Solana (issue 5)

export type StartVerifierParameters = {
  signal: AbortSignal
  /** Defaults to the configured finality per origin (light clients, else the confirmation-depth rule over this relayer's own RPC). */
  finality?: FinalityProvider
  threads?: number
  /** Bundles per pull; each is verified and stored concurrently with the others. Default 64. */
  batch?: number
}

type Deps = { ctx: RelayerContext; finality: FinalityProvider; pool: VerifierPool }

/**
 * The verifier service: consumes this relayer's source bundles, checks
 * finality with its own view of the chain, verifies every message in the
 * worker pool, and stores verified messages and rejections. A bundle is acked
 * only after Postgres committed; a block not final yet is retried with
 * backoff, never rejected. The batcher's wake-ups go out once per pull and
 * destination, not once per bundle.
 */
export function startVerifier(ctx: RelayerContext, p: StartVerifierParameters): { done: Promise<void> } {
  // --- issue 4 hook (light-client finality from config; keep when reworking this file) ---
  const configured = p.finality ? undefined : startConfiguredFinality(ctx, p.signal)
  const finality: FinalityProvider = p.finality ?? {
    // reason: set whenever p.finality is not
    check: async (block) => (await (configured as NonNullable<typeof configured>)).provider.check(block),
  }
  // --- end issue 4 hook ---
  const deps: Deps = { ctx, finality, pool: createVerifierPool({ threads: p.threads ?? ctx.config.verifierThreads }) }
  const solana = createSolanaBundleHandler(ctx, { threads: p.threads ?? ctx.config.verifierThreads }) // Solana (issue 5)
  const logger = ctx.logger.child({ module: 'verifier' })
  const roots = createRootFlusher(ctx.telemetry, logger)
  const done = consume(ctx.bus, {
    stream: ctx.catalogue.streams.bundles.name,
    consumer: ctx.catalogue.consumers.verifier.durable,
    codec: withSolanaBundles(incomingBundleCodec), // Solana (issue 5): slot bundles share the stream
    deadLetterSubject: ctx.catalogue.subjects.deadLetter('verifier'),
    onDeadLetter: async ({ data: _data, ...entry }) => {
      await recordRejections(ctx.db, [
        { stage: 'dead-letter', reasonCode: toReasonCode(entry.reasonCode), details: entry },
      ])
    },
    batch: p.batch ?? 64,
    // Pending finality is the common retry: poll at most every 3 s instead of backing off to a minute.
    backoff: { initialMs: 250, factor: 2, maxMs: 3_000 },
    signal: p.signal,
    logger,
    handler: async (messages) => {
      const failures = await solana.route(messages, (evm) => handleBatch(deps, evm)) // Solana (issue 5)
      await roots.flush() // the trace keeper's roots leave before the bundles are acknowledged
      return failures
    },
  })
    .then(
      () => deps.pool.close(),
      async (error: unknown) => {
        await deps.pool.close()
        throw error
      },
    )
    .finally(() => solana.close()) // Solana (issue 5)
  // The trace keeper roots the claims refused with their whole bundle, once they are not coming back.
  const refusedRoots = isMessageTraceKeeper(ctx.config)
    ? rootRefusedBundleClaims(ctx, { signal: p.signal, logger })
    : Promise.resolve()
  return { done: Promise.all([done, refusedRoots, configured?.then((c) => c.done)]).then(() => undefined) }
}

async function handleBatch(
  deps: Deps,
  messages: BusMessage<IncomingBundle>[],
): Promise<Map<BusMessage<IncomingBundle>, unknown>> {
  const failures = new Map<BusMessage<IncomingBundle>, unknown>()
  const notices = new Map<number, { count: number; from: BusMessage<IncomingBundle>[] }>()
  await Promise.all(
    messages.map(async (m) => {
      try {
        for (const [destination, count] of await handleBundle(deps, m)) {
          const notice = notices.get(destination) ?? { count: 0, from: [] }
          notice.count += count
          notice.from.push(m)
          notices.set(destination, notice)
        }
      } catch (error) {
        failures.set(m, error)
      }
    }),
  )
  const { ctx } = deps
  await Promise.all(
    [...notices].map(async ([destination, { count, from }]) => {
      try {
        await publish(
          ctx.bus,
          ctx.catalogue.subjects.verified(String(destination)),
          { destination, count },
          { codec: verifiedNoticeCodec },
        )
      } catch (error) {
        // Stored but the batcher not woken: redeliver those bundles (their inserts are no-ops) so a wake-up follows.
        for (const m of from) failures.set(m, error)
      }
    }),
  )
  return failures
}

/** Destination by message id over the packed columns; the index is built on first use (most bundles store no root here). */
function destinationLookup(verified: PackedVerification): (id: `0x${string}`) => number | undefined {
  let byId: Map<string, number> | undefined
  return (id) => {
    if (!byId) {
      const hex = Buffer.from(verified.ids.buffer, verified.ids.byteOffset, verified.ids.byteLength).toString('hex')
      byId = new Map()
      for (let i = 0; i < verified.count; i++)
        byId.set(`0x${hex.slice(64 * i, 64 * i + 64)}`, verified.destinations[i] as number) // reason: i < count
    }
    return byId.get(id)
  }
}

async function handleBundle(deps: Deps, m: BusMessage<IncomingBundle>): Promise<Map<number, number>> {
  const { ctx, finality, pool } = deps
  const { head } = m.data
  const blockHash = bytesToHex(head.blockHash)
  const none = new Map<number, number>()
  const span = ctx.telemetry.tracer.startSpan(
    'relaymesh.verify.bundle',
    {
      attributes: {
        'relaymesh.origin': head.origin,
        'relaymesh.block.number': head.blockNumber.toString(),
        'relaymesh.block.hash': blockHash,
        'relaymesh.messages': head.messageCount,
      },
    },
    m.headers ? contextFromHeaders(m.headers) : undefined,
  )
  try {
    const chain = ctx.chains.get(head.origin)
    if (!chain)
      return await rejectBundle(
        ctx.db,
        decodeBundleWire(m.data.bytes),
        'UNKNOWN_ROUTE',
        `origin ${head.origin} is not configured`,
      ).then(() => none)
    const status = await finality.check({ origin: head.origin, number: head.blockNumber, hash: blockHash })
    if (status.status === 'pending')
      throw new RelayerError(`block not final: ${status.reason}`, { code: 'BLOCK_NOT_FINAL', action: 'retry' })
    if (status.status === 'orphaned')
      return await rejectBundle(
        ctx.db,
        decodeBundleWire(m.data.bytes),
        'BLOCK_NOT_CANONICAL',
        `canonical hash is ${status.canonicalHash}`,
      ).then(() => none)
    const startTime = Date.now()
    const outcome = await pool.run({
      wire: m.data.bytes,
      outbox: chain.config.outbox.toLowerCase() as `0x${string}`, // reason: config validated a 20-byte hex address
      destinations: ctx.config.chains.map((c) => c.domain).filter((d) => d !== head.origin),
      maxPayloadBytes: ctx.config.maxPayloadBytes,
    })
    if (!outcome.ok)
      return await rejectBundle(ctx.db, decodeBundleWire(m.data.bytes), outcome.code, outcome.message).then(() => none)
    const stored = await persistVerification(ctx.db, {
      head,
      result: outcome.result,
      verification: status.verification,
      firstDelivery: m.deliveryCount === 1 && m.headers?.get(REOBSERVED_HEADER) !== '1',
    })
    const endTime = Date.now()
    recordVerifySpans(ctx.telemetry.tracer, {
      verified: outcome.result.verified,
      verification: status.verification,
      relayerId: ctx.config.relayerId,
      startTime,
      endTime,
    })
    const rootIds = await keptRootIds(ctx, {
      inserted: stored.insertedIds,
      known: stored.knownIds,
      origin: head.origin,
      blockHash: hexToBytes(outcome.result.blockHash),
    })
    recordKeptMessageRoots(ctx, {
      origin: head.origin,
      stored: rootIds,
      destinationOf: destinationLookup(outcome.result.verified),
      rejected: outcome.result.rejected.map((r) => ({ id: r.messageId, code: r.code })),
      verification: status.verification,
      sentAt: Number(outcome.result.blockTimestamp) * 1000,
    })
    span.setAttributes({ 'relaymesh.verified': outcome.result.verified.count, 'relaymesh.rejected': stored.rejected })
    return stored.destinations
  } catch (error) {
    recordSpanError(span, error)
    throw error
  } finally {
    span.end()
  }
}
