import type { BusCodec } from '@relaymesh/bus'
import { z } from 'zod'

/** Source blocks per hint and message ids per block: a hint stays a few KB however long the queue behind it. */
export const REOBSERVE_MAX_BLOCKS = 32
export const REOBSERVE_MAX_IDS = 64

/**
 * Source blocks of one origin holding messages the publishing relayer verified long ago and no batch holds yet, with
 * (some of) those message ids. Only a hint: the receiver reads each block from its own RPC and verifies it itself.
 */
export type ReobserveHint = { origin: number; blocks: { number: bigint; hash: `0x${string}`; ids: `0x${string}`[] }[] }

// reason: regex-checked template literal
const hex32 = z.string().regex(/^0x[0-9a-f]{64}$/) as unknown as z.ZodType<`0x${string}`>
const schema = z.object({
  origin: z.number().int().nonnegative(),
  blocks: z
    .array(
      z.object({
        number: z.string().regex(/^\d{1,20}$/),
        hash: hex32,
        ids: z.array(hex32).min(1).max(REOBSERVE_MAX_IDS),
      }),
    )
    .min(1)
    .max(REOBSERVE_MAX_BLOCKS),
})

/** JSON codec of a hint (core NATS, `catalogue.subjects.reobserve`). */
export const reobserveHintCodec: BusCodec<ReobserveHint> = {
  contentType: 'application/vnd.relaymesh.reobserve+json;v=1',
  encode: (h) =>
    new TextEncoder().encode(
      JSON.stringify({ origin: h.origin, blocks: h.blocks.map((b) => ({ ...b, number: b.number.toString() })) }),
    ),
  decode: (bytes) => {
    const raw = schema.parse(JSON.parse(new TextDecoder().decode(bytes)))
    return { origin: raw.origin, blocks: raw.blocks.map((b) => ({ ...b, number: BigInt(b.number) })) }
  },
}
