import { consume } from '@relaymesh/bus'
import { toReasonCode } from '@relaymesh/errors'
import { recordRejections } from '@relaymesh/store'
import { incomingBundleCodec } from '../bundle/bundleCodec.js'
import type { RelayerContext } from '../context/createRelayerContext.js'
import type { FinalityProvider } from '../finality/FinalityProvider.js'
import { startConfiguredFinality } from '../finality/startConfiguredFinality.js'
import { createSolanaSource } from '../solana/createSolanaSource.js'
import { createRootFlusher } from '../tracing/createRootFlusher.js'
import { isMessageTraceKeeper } from '../tracing/isMessageTraceKeeper.js'
import { rootRefusedBundleClaims } from '../tracing/rootRefusedBundleClaims.js'
import { createEvmSource } from './createEvmSource.js'
import { createVerifierPool } from './createVerifierPool.js'
import { createVerifierDeps } from './createVerifierDeps.js'
import type { SourceChains } from './verifyAndStoreBundle.js'
import { verifyBundleBatch } from './verifyBundleBatch.js'

export type StartVerifierParameters = {
  signal: AbortSignal
  /**
   * Defaults to the configured finality per origin (light clients, else the confirmation-depth rule over this relayer's
   * own RPC).
   */
  finality?: FinalityProvider
  threads?: number
  /** Bundles per pull; each is verified and stored concurrently with the others. Default 64. */
  batch?: number
}

/** The finality provider: the caller's, or the configured one once it has started. */
function finalityOf(ctx: RelayerContext, p: StartVerifierParameters) {
  const configured = p.finality ? undefined : startConfiguredFinality(ctx, p.signal)
  const finality: FinalityProvider = p.finality ?? {
    // reason: set whenever p.finality is not
    check: async (block) => (await (configured as NonNullable<typeof configured>)).provider.check(block),
  }
  return { finality, configured }
}

/**
 * The verifier service: consumes this relayer's source bundles of every source chain (one wire form, one stream),
 * verifies each with its source (`createEvmSource`: finality with its own view of the chain, receipt proofs;
 * `createSolanaSource`: the committee's attestation) in one worker pool, and stores verified messages and rejections
 * the same way for all (`verifyAndStoreBundle`). A bundle is acked only after Postgres committed; a block not final
 * yet is retried with backoff, never rejected. The batcher's wake-ups go out once per pull and destination, not once
 * per bundle.
 */
export function startVerifier(ctx: RelayerContext, p: StartVerifierParameters): { done: Promise<void> } {
  const { finality, configured } = finalityOf(ctx, p)
  const pool = createVerifierPool({ threads: p.threads ?? ctx.config.verifierThreads })
  const sources: SourceChains = {
    evm: createEvmSource(ctx, { finality, pool }),
    solana: createSolanaSource(ctx, { pool }),
  }
  const logger = ctx.logger.child({ module: 'verifier' })
  const deps = createVerifierDeps(ctx)
  const roots = createRootFlusher(ctx.telemetry, logger)
  const done = consume(ctx.bus, {
    stream: ctx.catalogue.streams.bundles.name,
    consumer: ctx.catalogue.consumers.verifier.durable,
    codec: incomingBundleCodec,
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
      const failures = await verifyBundleBatch(deps, sources, messages)
      await roots.flush() // the trace keeper's roots leave before the bundles are acknowledged
      return failures
    },
  }).finally(() => pool.close())
  // The trace keeper roots the claims refused with their whole bundle, once they are not coming back.
  const refusedRoots = isMessageTraceKeeper(ctx.config)
    ? rootRefusedBundleClaims(ctx, { signal: p.signal, logger })
    : Promise.resolve()
  return { done: Promise.all([done, refusedRoots, configured?.then((c) => c.done)]).then(() => undefined) }
}
