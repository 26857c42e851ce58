import { createStreamGate, publish } from '@relaymesh/bus'
import { bytesToHex, hexToBytes } from '@relaymesh/protocol'
import { getCursor, recordRejections, setCursor } from '@relaymesh/store'
import { headersFromContext, trace, context as otelContext, type Logger } from '@relaymesh/telemetry'
import { headers as natsHeaders } from '@nats-io/transport-node'
import { encodedBundleCodec } from '../bundle/bundleCodec.js'
import { bundleMsgId } from '../bundle/bundleMsgId.js'
import { REOBSERVED_HEADER } from '../bundle/reobservedHeader.js'
import type { RelayerChain, RelayerContext } from '../context/createRelayerContext.js'
import type { RelayerErrorCode } from '../RelayerError.js'
import type { EndpointRotation } from '../endpoints/createEndpointRotation.js'
import type { PublishLedger } from '../reobserve/createPublishLedger.js'
import { recordObserveSpan } from '../tracing/recordObserveSpan.js'
import type { BlockBundleWire } from './buildBlockBundleWires.js'
import type { EvmWatcherDeps, EvmWatcherOptions } from './runEvmWatcher.js'

export const WATCHER_CURSOR = 'watcher'

export type CreateEvmWatcherDepsParameters = {
  chain: RelayerChain
  opts: EvmWatcherOptions
  logger: Logger
  /** Records each first publish, for the reobserver's error line. */
  ledger: PublishLedger
  /** The chain's endpoints by rank: the watcher reads through it, so an endpoint caught lying is avoided. */
  rotation: EndpointRotation
}

/**
 * An EVM watcher's IO on the relayer: its RPC (the chain's endpoints by rank), its cursor in Postgres, its parts
 * published to the bundle stream (behind the stream gate, each in a `relaymesh.watch.bundle` span), oversized parts
 * rejected, messages observed.
 */
export function createEvmWatcherDeps(ctx: RelayerContext, p: CreateEvmWatcherDepsParameters): EvmWatcherDeps {
  const { origin } = p.opts
  return {
    rpc: p.rotation.rpc,
    endpoints: p.rotation,
    loadCursor: async () => {
      const row = await getCursor(ctx.db, { chain: origin, name: WATCHER_CURSOR })
      return row
        ? { number: BigInt(row.blockNumber), hash: row.blockHash ? bytesToHex(row.blockHash) : undefined }
        : undefined
    },
    saveCursor: (c) =>
      setCursor(ctx.db, { chain: origin, name: WATCHER_CURSOR, blockNumber: c.number, blockHash: hexToBytes(c.hash) }),
    publish: createPartPublisher(ctx, p.ledger),
    rejectOversized: (part) => rejectOversized(ctx, part, p.opts.maxBundleBytes),
    observe: (messageId, block) =>
      recordObserveSpan(ctx.telemetry, {
        messageId,
        origin,
        blockNumber: block.number.toString(),
        relayerId: ctx.config.relayerId,
      }),
    logger: p.logger,
    now: () => ctx.clock.now(),
  }
}

/** Publishes a block's parts to the bundle stream; a part read again for a hint gets its own msg id and header. */
function createPartPublisher(ctx: RelayerContext, ledger: PublishLedger): EvmWatcherDeps['publish'] {
  const tracer = ctx.telemetry.tracer
  // A verifier down or far behind stops the watcher at its cursor instead of the stream dropping unverified bundles.
  const gate = createStreamGate(ctx.bus.jsm, { stream: ctx.catalogue.streams.bundles.name })
  return async (parts, options) => {
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
  }
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
