import { createStreamGate, publish } from '@relaymesh/bus'
import { bytesToHex, hexToBytes } from '@relaymesh/protocol'
import { getCursor, recordRejections, setCursor } from '@relaymesh/store'
import { headersFromContext, trace, context as otelContext } from '@relaymesh/telemetry'
import { headers as natsHeaders } from '@nats-io/transport-node'
import { encodedBundleCodec } from '../bundle/bundleCodec.js'
import { bundleMsgId } from '../bundle/bundleMsgId.js'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { RelayerError, type RelayerErrorCode } from '../RelayerError.js'
import { recordObserveSpan } from '../tracing/recordObserveSpan.js'
import { startParliaFeeder } from '../finality/bsc/startParliaFeeder.js'
import { startBeaconFeeder } from '../finality/ethereum/startBeaconFeeder.js'
import type { BlockBundleWire } from './buildBlockBundleWires.js'
import { runEvmWatcher, type EvmWatcherDeps, type EvmWatcherOptions } from './runEvmWatcher.js'
import { REOBSERVED_HEADER } from '../bundle/reobservedHeader.js'
import { startReobserver } from '../reobserve/startReobserver.js'
import { createPublishLedger } from '../reobserve/createPublishLedger.js'

export type StartWatcherParameters = {
  origin: number
  signal: AbortSignal
  /** Keep each bundle part under this many bytes (NATS max_payload minus headroom). */
  maxBundleBytes?: number
  maxReorgDepth?: number
}

export const WATCHER_CURSOR = 'watcher'

/**
 * The watcher service for one EVM source chain: follows the chain at its
 * finality depth, publishes one bundle per block holding Outbox messages to
 * this relayer's bundle stream, and persists its cursor in Postgres.
 */
export function startWatcher(ctx: RelayerContext, p: StartWatcherParameters): { done: Promise<void> } {
  const chain = ctx.chains.get(p.origin)
  if (!chain)
    throw new RelayerError(`no chain configured for origin ${p.origin}`, { code: 'CONFIG_INVALID', action: 'fatal' })
  const { config } = chain
  const opts: EvmWatcherOptions = {
    origin: p.origin,
    outbox: config.outbox.toLowerCase() as `0x${string}`, // reason: validated 20-byte hex address
    confirmations: config.finality.kind === 'confirmations' ? config.finality.depth : 0,
    startBlock: config.startBlock,
    maxBlocksPerPoll: config.maxBlocksPerPoll,
    fetchConcurrency: config.fetchConcurrency,
    pollIntervalMs: config.pollIntervalMs,
    maxReorgDepth: p.maxReorgDepth ?? 64,
    maxBundleBytes: p.maxBundleBytes ?? Math.floor(ctx.bus.maxPayload * 0.8),
  }
  const tracer = ctx.telemetry.tracer
  const logger = ctx.logger.child({ module: 'watcher', origin: p.origin })
  // A verifier down or far behind stops the watcher at its cursor instead of the stream dropping unverified bundles.
  const gate = createStreamGate(ctx.bus.jsm, { stream: ctx.catalogue.streams.bundles.name })
  const ledger = createPublishLedger(ctx)
  const deps: EvmWatcherDeps = {
    rpc: chain.client,
    endpoints: chain.endpoints,
    loadCursor: async () => {
      const row = await getCursor(ctx.db, { chain: p.origin, name: WATCHER_CURSOR })
      return row
        ? { number: BigInt(row.blockNumber), hash: row.blockHash ? bytesToHex(row.blockHash) : undefined }
        : undefined
    },
    saveCursor: (c) =>
      setCursor(ctx.db, {
        chain: p.origin,
        name: WATCHER_CURSOR,
        blockNumber: c.number,
        blockHash: hexToBytes(c.hash),
      }),
    publish: async (parts, options) => {
      await gate.check()
      for (const part of parts) {
        const span = tracer.startSpan('relaymesh.watch.bundle', {
          attributes: {
            'relaymesh.origin': part.origin,
            'relaymesh.block.number': part.blockNumber,
            'relaymesh.part': part.part,
          },
        })
        try {
          const headers = headersFromContext(trace.setSpan(otelContext.active(), span), natsHeaders())
          if (options?.reobserved) headers.set(REOBSERVED_HEADER, '1')
          const ack = await publish(ctx.bus, ctx.catalogue.subjects.bundles(String(part.origin)), part.bytes, {
            codec: encodedBundleCodec,
            // A part read again must pass the dedup of its first publish (which may be what went missing).
            msgId: options?.reobserved ? `${bundleMsgId(part)}:reobserved:${ctx.clock.now()}` : bundleMsgId(part),
            headers,
          })
          if (!options?.reobserved) ledger.record(part.blockHash, ack)
        } finally {
          span.end()
        }
      }
    },
    rejectOversized: (part) => rejectOversized(ctx, part, opts.maxBundleBytes),
    observe: (messageId, block) =>
      recordObserveSpan(ctx.telemetry, {
        messageId,
        origin: p.origin,
        blockNumber: block.number.toString(),
        relayerId: ctx.config.relayerId,
      }),
    logger,
    now: () => ctx.clock.now(),
  }
  const done = runEvmWatcher(opts, deps, p.signal)
  // Re-observation: a block another relayer names because its messages wait unbatched, read again if this relayer
  // passed it without storing them.
  const reobserver = startReobserver(ctx, { opts, deps, signal: p.signal, describeFirstPublish: ledger.describe })
  // Parlia finality (issue 4): the watcher also publishes the BSC headers the verifier's light client proves finality with.
  const feeder =
    config.finality.kind === 'parlia'
      ? startParliaFeeder(ctx, { origin: p.origin, config: config.finality, signal: p.signal })
      : undefined
  // Ethereum light-client finality (issue 4): the watcher also feeds the beacon API's updates to the verifier.
  const beaconFeeder =
    config.finality.kind === 'light-client'
      ? startBeaconFeeder(ctx, { origin: p.origin, config: config.finality, signal: p.signal })
      : undefined
  const feeders = [feeder?.done, beaconFeeder?.done].filter((d) => d !== undefined)
  return { done: Promise.all([done, reobserver.done, ...feeders]).then(() => undefined) }
}

/** One `rejections` row per message of a part no bus message can carry (`EvmWatcherDeps.rejectOversized`). */
async function rejectOversized(ctx: RelayerContext, part: BlockBundleWire, limit: number): Promise<void> {
  const reasonCode: RelayerErrorCode = 'RECEIPT_TOO_LARGE'
  const details = {
    origin: part.origin,
    blockNumber: part.blockNumber,
    blockHash: part.blockHash,
    bytes: part.bytes.length,
    limit,
  }
  const blockHash = hexToBytes(part.blockHash)
  await recordRejections(
    ctx.db,
    part.messageIds.map((messageId) => ({
      stage: 'watch',
      reasonCode,
      details,
      messageId,
      origin: part.origin,
      blockHash,
    })),
  )
}
