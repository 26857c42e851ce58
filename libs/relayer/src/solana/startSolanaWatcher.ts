import { readFileSync } from 'node:fs'
import { redactUrls, sleep } from '@relaymesh/errors'
import { createStreamGate, publish } from '@relaymesh/bus'
import { countEpochMessagesBefore, failoverSolanaRpc, httpSolanaRpc, watchOutboxLogs } from '@relaymesh/solana'
import { getCursor, setCursor } from '@relaymesh/store'
import { bytesToHex } from '@relaymesh/protocol'
import { headersFromContext, trace, context as otelContext } from '@relaymesh/telemetry'
import { headers as natsHeaders } from '@nats-io/transport-node'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { RelayerError } from '../RelayerError.js'
import { recordObserveSpan } from '../tracing/recordObserveSpan.js'
import { createRpcFetch } from '../context/createRpcFetch.js'
import {
  collectCommitmentSignatures,
  createHttpFetchSignedCommitment,
  type SignerFailure,
  type SignerTls,
} from './collectCommitmentSignatures.js'
import { startCommitmentEvidence } from './startCommitmentEvidence.js'
import { pollSolanaWatcher, type SolanaWatcherDeps, type SolanaWatcherState } from './pollSolanaWatcher.js'
import type { SolanaChainConfig } from './solanaChainSchema.js'
import { encodeSolanaSlotBundle } from './encodeSolanaSlotBundle.js'
import { encodedBundleCodec } from '../bundle/bundleCodec.js'

export const SOLANA_WATCHER_CURSOR = 'solana-watcher'

/** The attesters' CA and this relayer's client certificate, read once at start (the config names the files). */
function signerTls(tls: SolanaChainConfig['committee']['tls']): SignerTls | undefined {
  if (!tls) return undefined
  const read = (path: string | undefined) => (path ? readFileSync(path, 'utf8') : undefined)
  return { ca: read(tls.caFile), cert: read(tls.certFile), key: read(tls.keyFile) }
}

/** The watcher's cursor and the running count beside it, in Postgres. */
function solanaCursor(ctx: RelayerContext, c: SolanaChainConfig): Pick<SolanaWatcherDeps, 'loadCursor' | 'saveCursor'> {
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
function createSlotPublisher(ctx: RelayerContext): SolanaWatcherDeps['publish'] {
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
  ctx: RelayerContext,
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
    { db: ctx.db, nc: ctx.bus.nc, catalogue: ctx.catalogue, relayerId: ctx.config.relayerId, logger: ctx.logger },
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

function watcherDeps(ctx: RelayerContext, c: SolanaChainConfig, signal: AbortSignal): SolanaWatcherDeps {
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
        relayerId: ctx.config.relayerId,
      }),
    now: () => ctx.clock.now(),
    committees: new Map(),
  }
}

/**
 * The watcher for one Solana source: polls finalized slots from a persisted
 * cursor (the source of truth) and wakes early on `logsSubscribe`
 * notifications for the fee account (latency only: a dropped socket loses nothing).
 */
export function startSolanaWatcher(
  ctx: RelayerContext,
  p: { origin: number; signal: AbortSignal },
): { done: Promise<void> } {
  const c = ctx.config.solana.find((s) => s.domain === p.origin)
  if (!c)
    throw new RelayerError(`no Solana chain configured for origin ${p.origin}`, {
      code: 'CONFIG_INVALID',
      action: 'fatal',
    })
  const logger = ctx.logger.child({ module: 'solana-watcher', origin: p.origin })
  const deps = watcherDeps(ctx, c, p.signal)
  const state: SolanaWatcherState = {}
  let wake: AbortController = new AbortController()
  const logs = new AbortController()
  if (c.wsUrl)
    watchOutboxLogs({
      wsUrl: c.wsUrl,
      feeAccount: c.feeAccount,
      onLogs: () => wake.abort(),
      // Polling goes on without it (the socket only wakes the poller early); the URL may carry a key: not logged.
      onClose: (reconnectInMs) => logger.warn({ reconnectInMs }, 'Solana logs socket closed; reconnecting'),
      signal: logs.signal,
    })
  const done = (async () => {
    let failures = 0
    while (!p.signal.aborted) {
      try {
        const result = await pollSolanaWatcher(c, deps, state)
        if (result?.slots) logger.debug(result, 'watched')
        failures = 0
      } catch (error) {
        if (error instanceof RelayerError && error.action === 'fatal') throw error
        failures++
        if (failures > 3) logger.warn({ err: error, failures }, 'solana watcher poll failed; retrying')
      }
      wake = new AbortController()
      await sleep(
        c.pollIntervalMs * 2 ** Math.min(Math.max(failures - 1, 0), 5),
        AbortSignal.any([p.signal, wake.signal]),
      )
    }
  })().finally(() => {
    // The wake-up socket only: losing it loses nothing (see above). Closed for good, or its reconnects to a Solana
    // RPC that is gone would keep the stopped process alive.
    logs.abort()
  })
  return { done }
}
