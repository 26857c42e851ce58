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

/** Which publish of a block: the watcher's first, or the latest re-read for a hint. */
export type PublishKind = 'first' | 'reread'

export type PublishLedger = {
  /** Records the stream's acknowledgement of a part of a block's first publish. */
  record(blockHash: string, ack: PublishReturnType): void
  /** Records the acknowledgements of a block's re-read for a hint (its parts holding missing messages), replacing the
   * previous re-read's. */
  recordReread(blockHash: string, acks: readonly PublishReturnType[]): void
  /**
   * Where a block's first publish (or its latest re-read) went and what became of it (`judgeFirstPublish`): each
   * part's stream sequence, whether the stream still holds it (its `Nats-Msg-Id`), and how far this relayer's verifier
   * consumer got. Tells a block the verifier has not reached yet (`waiting`) from one the stream dropped or the
   * verifier passed.
   */
  describe(blockHash: string, kind?: PublishKind): Promise<FirstPublish>
}

/** Appends to a bounded map (the oldest block forgotten first). */
function remember(map: Map<string, PublishReturnType[]>, key: string, acks: PublishReturnType[]): void {
  map.delete(key)
  map.set(key, acks)
  // reason: a non-empty map has a first key
  if (map.size > REMEMBERED_BLOCKS) map.delete(map.keys().next().value as string)
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
  const firsts = new Map<string, PublishReturnType[]>()
  const rereads = new Map<string, PublishReturnType[]>()
  return {
    record(blockHash, ack) {
      const key = blockHash.toLowerCase()
      remember(firsts, key, [...(firsts.get(key) ?? []), ack])
    },
    recordReread(blockHash, acks) {
      remember(rereads, blockHash.toLowerCase(), [...acks])
    },
    async describe(blockHash, kind = 'first') {
      const parts = (kind === 'first' ? firsts : rereads).get(blockHash.toLowerCase())
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
