import type { Bus, BusCatalogue, PublishReturnType } from '@relaymesh/bus'
import { judgeFirstPublish, type FirstPublishFate } from './judgeFirstPublish.js'

/** Blocks whose first publish a watcher remembers (a block read again is a recent one). */
const REMEMBERED_BLOCKS = 4_096

/** Where a block's first publish stands (`PublishLedger.describe`). */
export type FirstPublish = {
  fate: FirstPublishFate
  remembered: boolean
  /** Each part: its stream sequence, and the msg id the stream holds there now (or why none). */
  parts?: { seq: number; duplicate: boolean; held: string }[]
  verifierAckFloor?: number
  verifierDelivered?: number
  verifierAckPending?: number
  /** Why the stream or the consumer could not be asked. */
  unavailable?: string
}

export type PublishLedger = {
  /** Records the stream's acknowledgement of a block's part. */
  record(blockHash: string, ack: PublishReturnType): void
  /**
   * Where a block's first publish went and what became of it (`judgeFirstPublish`): each part's stream sequence,
   * whether the stream still holds it (its `Nats-Msg-Id`), and how far this relayer's verifier consumer got. Tells a
   * block the verifier has not reached yet (`waiting`) from one the stream dropped or the verifier passed.
   */
  describe(blockHash: string): Promise<FirstPublish>
}

/**
 * The watcher's memory of its own publishes, for re-observation (`startReobserver`). Bounded; a block published before
 * this process started is reported as not remembered.
 *
 * @example
 * const ledger = createPublishLedger({ bus, catalogue })
 * ledger.record(part.blockHash, await publish(bus, subject, part.bytes, { codec, msgId }))
 */
export function createPublishLedger(ctx: { bus: Bus; catalogue: BusCatalogue }): PublishLedger {
  const acks = new Map<string, PublishReturnType[]>()
  return {
    record(blockHash, ack) {
      const key = blockHash.toLowerCase()
      acks.set(key, [...(acks.get(key) ?? []), ack])
      // reason: a non-empty map has a first key
      if (acks.size > REMEMBERED_BLOCKS) acks.delete(acks.keys().next().value as string)
    },
    async describe(blockHash) {
      const parts = acks.get(blockHash.toLowerCase())
      if (!parts) return { fate: 'unknown', remembered: false }
      const stream = ctx.catalogue.streams.bundles.name
      // The consumer first: a part it acknowledged before this read was settled before any later read of the store.
      const consumer = await ctx.bus.jsm.consumers.info(stream, ctx.catalogue.consumers.verifier.durable)
      const held = await Promise.all(
        parts.map(async (p) => ({
          ...p,
          heldMsgId: await ctx.bus.jsm.streams.getMessage(stream, { seq: p.seq }).then(
            (m) => (m ? (m.header?.get('Nats-Msg-Id') ?? '') : undefined),
            () => undefined,
          ),
        })),
      )
      return {
        fate: judgeFirstPublish(blockHash, held, consumer.ack_floor.stream_seq),
        remembered: true,
        parts: held.map((p) => ({
          seq: p.seq,
          duplicate: p.duplicate,
          held: p.heldMsgId === undefined ? 'not in the stream' : p.heldMsgId || 'no msg id',
        })),
        verifierAckFloor: consumer.ack_floor.stream_seq,
        verifierDelivered: consumer.delivered.stream_seq,
        verifierAckPending: consumer.num_ack_pending,
      }
    },
  }
}
