import type { RelayerChain, RelayerContext } from '../context/createRelayerContext.js'
import { RelayerError } from '../RelayerError.js'
import { startParliaFeeder } from '../finality/bsc/startParliaFeeder.js'
import { startBeaconFeeder } from '../finality/ethereum/startBeaconFeeder.js'
import { runEvmWatcher, type EvmWatcherDeps, type EvmWatcherOptions } from './runEvmWatcher.js'
import { startReobserver } from '../reobserve/startReobserver.js'
import { createPublishLedger, type PublishLedger } from '../reobserve/createPublishLedger.js'
import { createEvmWatcherDeps } from './createEvmWatcherDeps.js'
import { createEndpointRotation, type EndpointRotation } from '../endpoints/createEndpointRotation.js'
import { startRefusedBlockRereads } from '../reobserve/startRefusedBlockRereads.js'
import { createReobserverDeps } from '../reobserve/createReobserverDeps.js'
import { listRefusedBlocks, type ListRefusedBlocksParameters } from '@relaymesh/store'
import type { WatchSourceParameters } from './SourceWatcher.js'
import { createHeadSignal, type HeadSignal } from './createHeadSignal.js'
import { MAX_CURSOR_LAG_MS } from './decideCursorSave.js'

export { WATCHER_CURSOR } from './createWatcherStore.js'

export type StartWatcherParameters = WatchSourceParameters & {
  /** Keep each bundle part under this many bytes (NATS max_payload minus headroom). */
  maxBundleBytes?: number
  maxReorgDepth?: number
}

/**
 * The watcher service for one EVM source chain: follows the chain at its
 * finality depth, publishes one bundle per block holding Outbox messages to
 * this relayer's bundle stream, and persists its cursor in Postgres. It reads through the chain's endpoints by rank:
 * a block its verifier refused as not canonical is read again from another endpoint, and the endpoint that served it
 * is avoided for a while.
 */
export function startWatcher(
  ctx: RelayerContext,
  p: StartWatcherParameters,
): { done: Promise<void>; rotation: EndpointRotation } {
  const chain = ctx.chains.get(p.origin)
  if (!chain)
    throw new RelayerError(`no chain configured for origin ${p.origin}`, { code: 'CONFIG_INVALID', action: 'fatal' })
  const { config } = chain
  const opts = evmWatcherOptionsOf(ctx, p, config)
  const logger = ctx.logger.child({ module: 'watcher', origin: p.origin })
  const ledger = createPublishLedger({ bus: ctx.bus, catalogue: ctx.catalogue })
  const rotation = createEndpointRotation(
    { endpoints: chain.endpoints, urls: [config.rpcUrl, ...config.fallbackRpcUrls] },
    { now: () => ctx.clock.now() },
  )
  // The URL may carry a key: not logged.
  const heads = createHeadSignal({
    wsUrl: config.wsUrl,
    onClose: (reconnectInMs) => logger.warn({ reconnectInMs }, 'newHeads socket closed; polling until it reopens'),
    signal: p.signal,
  })
  const deps = createEvmWatcherDeps({
    ...ctx,
    relayerId: ctx.config.relayerId,
    origin: p.origin,
    logger,
    ledger,
    rotation,
    heads,
  })
  const done = runEvmWatcher(opts, deps, p.signal)
  const feeders = startFinalityFeeders(ctx, {
    origin: p.origin,
    finality: config.finality,
    signal: p.signal,
    rotation,
    heads,
  })
  // A block the verifier refused as not canonical is read again from another endpoint; the one serving it is demoted.
  // So is a header the Parlia light client refused as sealed outside the validator set, and the feeder refeeds it.
  const refeed = feeders.find((f) => f.refeed)?.refeed
  const refusals = {
    listRefusedBlocks: (q: ListRefusedBlocksParameters) => listRefusedBlocks(ctx.db, q),
    logger: ctx.logger,
  }
  const rereads = startRefusedBlockRereads(refusals, {
    opts,
    deps,
    rotation,
    logger: logger.child({ module: 'refused-block-rereads' }),
    signal: p.signal,
    headers: refeed ? { refeed } : undefined,
  })
  const reobserver = startHintReobserver(ctx, { opts, deps, ledger, signal: p.signal })
  return {
    done: Promise.all([done, reobserver.done, rereads.done, ...feeders.map((f) => f.done)]).then(() => undefined),
    // The chain's endpoint standings, for whoever reports them (and tests asserting a liar is avoided).
    rotation,
  }
}

/** The watcher's options from its chain's config. */
function evmWatcherOptionsOf(
  ctx: RelayerContext,
  p: StartWatcherParameters,
  config: RelayerChain['config'],
): EvmWatcherOptions {
  return {
    origin: p.origin,
    outbox: config.outbox.toLowerCase() as `0x${string}`, // reason: validated 20-byte hex address
    confirmations: config.finality.kind === 'confirmations' ? config.finality.depth : 0,
    startBlock: config.startBlock,
    maxBlocksPerPoll: config.maxBlocksPerPoll,
    fetchConcurrency: config.fetchConcurrency,
    pollIntervalMs: config.pollIntervalMs,
    idlePollMs: config.idlePollIntervalMs,
    maxCursorLagMs: MAX_CURSOR_LAG_MS,
    maxReorgDepth: p.maxReorgDepth ?? 64,
    maxBundleBytes: p.maxBundleBytes ?? Math.floor(ctx.bus.maxPayload * 0.8),
  }
}

/**
 * The finality feeders an origin's rule needs beside its watcher: BSC headers (Parlia), beacon updates (light client).
 */
function startFinalityFeeders(
  ctx: RelayerContext,
  p: {
    origin: number
    finality: RelayerChain['config']['finality']
    signal: AbortSignal
    /** The watcher's: a BSC endpoint caught lying to the feeder is avoided by the watcher too, and the reverse. */
    rotation: EndpointRotation
    /** The watcher's: one subscription wakes both on a new block. */
    heads: HeadSignal
  },
): Array<{ done: Promise<void>; refeed?(number: bigint): void }> {
  if (p.finality.kind === 'parlia')
    return [
      startParliaFeeder(ctx, {
        origin: p.origin,
        config: p.finality,
        signal: p.signal,
        rotation: p.rotation,
        heads: p.heads,
      }),
    ]
  if (p.finality.kind === 'light-client')
    return [startBeaconFeeder(ctx, { origin: p.origin, config: p.finality, signal: p.signal })]
  return []
}

/**
 * Re-observation: a block another relayer names (its messages wait unbatched) read again if this relayer passed it
 * without storing them; the ledger says whether its first publish, or its last re-read, is still on its way.
 */
function startHintReobserver(
  ctx: RelayerContext,
  p: { opts: EvmWatcherOptions; deps: EvmWatcherDeps; ledger: PublishLedger; signal: AbortSignal },
): { done: Promise<void> } {
  const hints = createReobserverDeps({ ...ctx, relayerId: ctx.config.relayerId })
  return startReobserver(hints, {
    opts: p.opts,
    deps: p.deps,
    signal: p.signal,
    describeFirstPublish: (hash) => p.ledger.describe(hash, 'first'),
    describeReread: (hash) => p.ledger.describe(hash, 'reread'),
  })
}
