import { consume, publish, type BusMessage } from '@relaymesh/bus'
import { recordRejections } from '@relaymesh/store'
import { contextFromHeaders, contextFromTraceparent, SpanStatusCode } from '@relaymesh/telemetry'
import { sourceBundleCodec, verifiedNoticeCodec } from '../bundle/bundleCodec.js'
import type { SourceBundle } from '../bundle/SourceBundle.js'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { createConfirmationsFinality } from '../finality/createConfirmationsFinality.js'
import type { FinalityProvider } from '../finality/FinalityProvider.js'
import { RelayerError } from '../RelayerError.js'
import { createVerifierPool, type VerifierPool } from './createVerifierPool.js'
import { persistVerification, rejectBundle } from './persistVerification.js'

export type StartVerifierParameters = {
  signal: AbortSignal
  /** Defaults to the confirmation-depth rule over this relayer's own RPC. */
  finality?: FinalityProvider
  threads?: number
}

/**
 * The verifier service: consumes this relayer's source bundles, checks
 * finality with its own view of the chain, verifies every message in the
 * worker pool, and stores verified messages and rejections. A bundle is acked
 * only after Postgres committed; a block not final yet is retried with
 * backoff, never rejected.
 */
export function startVerifier(ctx: RelayerContext, p: StartVerifierParameters): { done: Promise<void> } {
  const finality = p.finality ?? defaultFinality(ctx)
  const pool = createVerifierPool({ threads: p.threads ?? ctx.config.verifierThreads })
  const done = consume(ctx.bus, {
    stream: ctx.catalogue.streams.bundles.name,
    consumer: ctx.catalogue.consumers.verifier.durable,
    codec: sourceBundleCodec,
    deadLetterSubject: ctx.catalogue.subjects.deadLetter('verifier'),
    onDeadLetter: async ({ data: _data, ...entry }) => {
      await recordRejections(ctx.db, [{ stage: 'dead-letter', reasonCode: entry.reasonCode, details: entry }])
    },
    batch: 32,
    signal: p.signal,
    logger: ctx.logger.child({ module: 'verifier' }),
    handler: async (messages) => {
      const failures = new Map<BusMessage<SourceBundle>, unknown>()
      await Promise.all(messages.map((m) => handleBundle(ctx, finality, pool, m).catch((error: unknown) => void failures.set(m, error))))
      return failures
    },
  }).then(() => pool.close(), async (error: unknown) => {
    await pool.close()
    throw error
  })
  return { done }
}

function defaultFinality(ctx: RelayerContext): FinalityProvider {
  return createConfirmationsFinality({
    chains: new Map([...ctx.chains].map(([domain, c]) => [
      domain,
      { client: c.client, confirmations: c.config.finality.kind === 'confirmations' ? c.config.finality.depth : 0 },
    ])),
  })
}

async function handleBundle(ctx: RelayerContext, finality: FinalityProvider, pool: VerifierPool, m: BusMessage<SourceBundle>): Promise<void> {
  const bundle = m.data
  const span = ctx.telemetry.tracer.startSpan('relaymesh.verify.bundle', {
    attributes: { 'relaymesh.origin': bundle.origin, 'relaymesh.block.number': bundle.blockNumber, 'relaymesh.block.hash': bundle.blockHash },
  }, m.headers ? contextFromHeaders(m.headers) : undefined)
  try {
    const chain = ctx.chains.get(bundle.origin)
    if (!chain) return await rejectBundle(ctx.db, bundle, 'UNKNOWN_ROUTE', `origin ${bundle.origin} is not configured`)
    const status = await finality.check({ origin: bundle.origin, number: BigInt(bundle.blockNumber), hash: bundle.blockHash })
    if (status.status === 'pending') throw new RelayerError(`block not final: ${status.reason}`, { code: 'BLOCK_NOT_FINAL', action: 'retry' })
    if (status.status === 'orphaned') return await rejectBundle(ctx.db, bundle, 'BLOCK_NOT_CANONICAL', `canonical hash is ${status.canonicalHash}`)
    const outcome = await pool.run({
      bundle,
      outbox: chain.config.outbox.toLowerCase() as `0x${string}`, // reason: config validated a 20-byte hex address
      destinations: ctx.config.chains.map((c) => c.domain).filter((d) => d !== bundle.origin),
      maxPayloadBytes: ctx.config.maxPayloadBytes,
    })
    if (!outcome.ok) return await rejectBundle(ctx.db, bundle, outcome.code, outcome.message)
    const stored = await persistVerification(ctx.db, { bundle, result: outcome.result, verification: status.verification, firstDelivery: m.deliveryCount === 1 })
    for (const v of outcome.result.verified) {
      ctx.telemetry.tracer.startSpan('relaymesh.verify', {
        attributes: { 'relaymesh.message.id': v.id, 'relaymesh.verification': status.verification, 'relaymesh.relayer': ctx.config.relayerId },
      }, contextFromTraceparent(v.traceparent)).end()
    }
    for (const [destination, count] of stored.destinations) {
      await publish(ctx.bus, ctx.catalogue.subjects.verified(String(destination)), { destination, count }, { codec: verifiedNoticeCodec })
    }
    span.setAttributes({ 'relaymesh.verified': outcome.result.verified.length, 'relaymesh.rejected': stored.rejected })
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) })
    throw error
  } finally {
    span.end()
  }
}
