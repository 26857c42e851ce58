import { createStreamGate, publish, type Bus, type BusCatalogue, type PublishReturnType } from '@relaymesh/bus'
import { headersFromContext, trace, context as otelContext, type Telemetry } from '@relaymesh/telemetry'
import { headers as natsHeaders } from '@nats-io/transport-node'
import { encodedBundleCodec } from '../bundle/bundleCodec.js'
import { bundleMsgId } from '../bundle/bundleMsgId.js'
import { REOBSERVED_HEADER } from '../bundle/reobservedHeader.js'
import type { PublishLedger } from '../reobserve/createPublishLedger.js'
import type { EvmWatcherDeps } from './EvmWatcherDeps.js'

export type CreateWatcherPublisherParameters = {
  bus: Bus
  catalogue: BusCatalogue
  tracer: Telemetry['tracer']
  clock: { now(): number }
  /** Records each first publish and each re-read, for the reobserver. */
  ledger: PublishLedger
}

/**
 * Publishes a block's parts to the bundle stream (behind the stream gate, each in a `relaymesh.watch.bundle` span); a
 * part read again for a hint gets its own msg id and header.
 *
 * @example
 * const publish = createWatcherPublisher({ bus, catalogue, tracer: telemetry.tracer, clock, ledger })
 */
export function createWatcherPublisher(p: CreateWatcherPublisherParameters): EvmWatcherDeps['publish'] {
  const { bus, catalogue, tracer, clock, ledger } = p
  // A verifier down or far behind stops the watcher at its cursor instead of the stream dropping unverified bundles.
  const gate = createStreamGate(bus.jsm, { stream: catalogue.streams.bundles.name })
  return async (parts, options) => {
    await gate.check()
    const rereads = new Map<string, PublishReturnType[]>()
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
        const ack = await publish(bus, catalogue.subjects.bundles(String(part.origin)), part.bytes, {
          codec: encodedBundleCodec,
          // A part read again must pass the dedup of its first publish (which may be what went missing).
          msgId: options?.reobserved ? `${bundleMsgId(part)}:reobserved:${clock.now()}` : bundleMsgId(part),
          headers,
        })
        if (!options?.reobserved) ledger.record(part.blockHash, ack)
        else rereads.set(part.blockHash, [...(rereads.get(part.blockHash) ?? []), ack])
      } finally {
        span.end()
      }
    }
    // A re-read's parts are remembered too: a hint that finds them gone from the stream reads the block again at once.
    for (const [blockHash, acks] of rereads) ledger.recordReread(blockHash, acks)
  }
}
