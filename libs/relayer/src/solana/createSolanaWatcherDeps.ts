import { readFileSync } from 'node:fs'
import { createStreamGate, publish, type Bus, type BusCatalogue } from '@relaymesh/bus'
import { redactUrls } from '@relaymesh/errors'
import { bytesToHex } from '@relaymesh/protocol'
import { countEpochMessagesBefore, failoverSolanaRpc, httpSolanaRpc } from '@relaymesh/solana'
import { getCursor, setCursor, type StoreDb } from '@relaymesh/store'
import { headersFromContext, trace, context as otelContext, type Logger, type Telemetry } from '@relaymesh/telemetry'
import { headers as natsHeaders } from '@nats-io/transport-node'
import { encodedBundleCodec } from '../bundle/bundleCodec.js'
import { createRpcFetch } from '../context/createRpcFetch.js'
import { recordObserveSpan } from '../tracing/recordObserveSpan.js'
import {
  collectCommitmentSignatures,
  createHttpFetchSignedCommitment,
  type SignerFailure,
  type SignerTls,
} from './collectCommitmentSignatures.js'
import { encodeSolanaSlotBundle } from './encodeSolanaSlotBundle.js'
import type { SolanaWatcherDeps } from './pollSolanaWatcher.js'
import type { SolanaChainConfig } from './solanaChainSchema.js'
import { startCommitmentEvidence } from './startCommitmentEvidence.js'

export const SOLANA_WATCHER_CURSOR = 'solana-watcher'

/** What of the relayer's context a Solana watcher's IO is built from. */
type SolanaWatcherIo = {
  db: StoreDb
  bus: Bus
  catalogue: BusCatalogue
  telemetry: Telemetry
  logger: Logger
  clock: { now(): number }
  relayerId: string
}

/** The attesters' CA and this relayer's client certificate, read once at start (the config names the files). */
function signerTls(tls: SolanaChainConfig['committee']['tls']): SignerTls | undefined {
  if (!tls) return undefined
  const read = (path: string | undefined) => (path ? readFileSync(path, 'utf8') : undefined)
  return { ca: read(tls.caFile), cert: read(tls.certFile), key: read(tls.keyFile) }
}

/** The watcher's cursor and the running count beside it, in Postgres. */
function solanaCursor(
  ctx: SolanaWatcherIo,
  c: SolanaChainConfig,
): Pick<SolanaWatcherDeps, 'loadCursor' | 'saveCursor'> {
  return {
    loadCursor: async () => {
      const row = await getCursor(ctx.db, { chain: c.domain, name: SOLANA_WATCHER_CURSOR })
      return row
        ? { slot: Number(row.blockNumber), messagesBefore: row.runningCount === null ? null : Number(row.runningCount) }
        : undefined
    },
    saveCursor: (slot, messagesBefore) =>
      setCursor(ctx.db, {
        chain: c.domain,
        name: SOLANA_WATCHER_CURSOR,
        blockNumber: BigInt(slot),
        runningCount: BigInt(messagesBefore),
      }),
  }
}

/** Publishes a slot bundle to the bundle stream in the binary wire form, behind the stream gate, in its own span. */
function createSlotPublisher(ctx: SolanaWatcherIo): SolanaWatcherDeps['publish'] {
  // A verifier down or far behind stops the watcher at its cursor instead of the stream dropping unverified bundles.
  const gate = createStreamGate(ctx.bus.jsm, { stream: ctx.catalogue.streams.bundles.name })
  return async (bundle) => {
    await gate.check()
    const span = ctx.telemetry.tracer.startSpan('relaymesh.watch.bundle', {
      attributes: { 'relaymesh.origin': bundle.origin, 'relaymesh.block.number': bundle.slot },
    })
    try {
      await publish(ctx.bus, ctx.catalogue.subjects.bundles(String(bundle.origin)), encodeSolanaSlotBundle(bundle), {
        codec: encodedBundleCodec,
        msgId: `${bundle.origin}:${bundle.slot}:${bundle.blockhash}`,
        headers: headersFromContext(trace.setSpan(otelContext.active(), span), natsHeaders()),
      })
    } finally {
      span.end()
    }
  }
}

/**
 * Collects the committee's signatures of a commitment; conflicts go to the equivocation evidence, failures to the log.
 */
function createSignatureCollector(
  ctx: SolanaWatcherIo,
  c: SolanaChainConfig,
  signal: AbortSignal,
): SolanaWatcherDeps['collectSignatures'] {
  const fetchSigned = createHttpFetchSignedCommitment(c.committee.signerToken, signerTls(c.committee.tls))
  const onSignerFailure = ({ error }: SignerFailure) =>
    ctx.logger.warn(
      {
        ...error.meta,
        code: error.code,
        cause: error.cause instanceof Error ? redactUrls(error.cause.message) : undefined,
      },
      error.shortMessage,
    )
  const evidence = startCommitmentEvidence(
    { db: ctx.db, nc: ctx.bus.nc, catalogue: ctx.catalogue, relayerId: ctx.relayerId, logger: ctx.logger },
    c,
    { fetchSigned, onSignerFailure, signal },
  )
  return (committee, commitment) =>
    collectCommitmentSignatures(fetchSigned, {
      signerUrls: c.committee.signerUrls,
      committee,
      commitment,
      onConflict: evidence.onConflict,
      onSignerFailure,
    })
}

/**
 * A Solana watcher's IO on the relayer: its RPC (the configured URLs, failing over), its cursor and running count in
 * Postgres, the committee's signatures (with equivocation evidence), slot bundles published to the bundle stream,
 * messages observed.
 *
 * @example
 * const deps = createSolanaWatcherDeps({ ...ctx, relayerId: ctx.config.relayerId }, c, signal)
 */
export function createSolanaWatcherDeps(
  ctx: SolanaWatcherIo,
  c: SolanaChainConfig,
  signal: AbortSignal,
): SolanaWatcherDeps {
  const fetchImpl = createRpcFetch()
  const request = failoverSolanaRpc([c.rpcUrl, ...c.fallbackRpcUrls].map((url) => httpSolanaRpc(url, fetchImpl)))
  return {
    request,
    ...solanaCursor(ctx, c),
    countMessagesBefore: (slot) =>
      countEpochMessagesBefore(request, {
        slot,
        slotsPerEpoch: c.slotsPerEpoch,
        origin: c.domain,
        feeAccount: c.feeAccount,
        minFeeLamports: c.minFee,
        pageSize: c.signaturesPageSize,
      }),
    collectSignatures: createSignatureCollector(ctx, c, signal),
    publish: createSlotPublisher(ctx),
    observe: (id, slot) =>
      recordObserveSpan(ctx.telemetry, {
        messageId: bytesToHex(id), // the id leaves the process here: a span attribute and the trace's seed, as hex
        origin: c.domain,
        blockNumber: String(slot),
        relayerId: ctx.relayerId,
      }),
    now: () => ctx.clock.now(),
    committees: new Map(),
  }
}
