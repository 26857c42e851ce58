import type { PublishReturnType } from '@relaymesh/bus'
import type { RelayerContext } from '../context/createRelayerContext.js'

/** Blocks whose first publish a watcher remembers (a block read again is a recent one). */
const REMEMBERED_BLOCKS = 4_096

export type PublishLedger = {
  /** Records the stream's acknowledgement of a block's part. */
  record(blockHash: string, ack: PublishReturnType): void
  /**
   * Where a block's first publish went and what became of it: each part's stream sequence, whether the stream still
   * holds it (its `Nats-Msg-Id`), and how far this relayer's verifier consumer got. Says which part dropped a block that
   * had to be read again: the stream (the sequence holds nothing or another message), or the consumer (it is past the
   * sequence, so it was delivered and acknowledged without its messages being stored).
   */
  describe(blockHash: string): Promise<Record<string, unknown>>
}

/**
 * The watcher's memory of its own publishes, for the re-observation error line (`startReobserver`). Bounded; a block
 * published before this process started is reported as not remembered.
 *
 * @example
 * const ledger = createPublishLedger(ctx)
 * ledger.record(part.blockHash, await publish(bus, subject, part.bytes, { codec, msgId }))
 */
export function createPublishLedger(ctx: Pick<RelayerContext, 'bus' | 'catalogue'>): PublishLedger {
  const acks = new Map<string, PublishReturnType[]>()
  return {
    record(blockHash, ack) {
      const key = blockHash.toLowerCase()
      acks.set(key, [...(acks.get(key) ?? []), ack])
      if (acks.size > REMEMBERED_BLOCKS) acks.delete(acks.keys().next().value as string) // reason: a non-empty map has a first key
    },
    async describe(blockHash) {
      const parts = acks.get(blockHash.toLowerCase())
      if (!parts) return { remembered: false }
      const stream = ctx.catalogue.streams.bundles.name
      const consumer = await ctx.bus.jsm.consumers.info(stream, ctx.catalogue.consumers.verifier.durable)
      const held = await Promise.all(
        parts.map(async (p) => ({
          seq: p.seq,
          duplicate: p.duplicate,
          held: await ctx.bus.jsm.streams.getMessage(stream, { seq: p.seq }).then(
            (m) => (m ? (m.header?.get('Nats-Msg-Id') ?? 'no msg id') : 'not in the stream'),
            () => 'not in the stream',
          ),
        })),
      )
      return {
        remembered: true,
        parts: held,
        verifierAckFloor: consumer.ack_floor.stream_seq,
        verifierDelivered: consumer.delivered.stream_seq,
        verifierAckPending: consumer.num_ack_pending,
      }
    },
  }
}
