import { createJsonCodec, type BusCodec } from '@relaymesh/bus'
import { z } from 'zod'
import type { SourceBundle } from './SourceBundle.js'

const hex = z.string().regex(/^0x[0-9a-fA-F]*$/) as unknown as z.ZodType<`0x${string}`> // reason: regex-checked template literal
const u32 = z.number().int().min(0).max(0xffff_ffff)

/** Schema of a bundle on the wire: everything a watcher sends is untrusted input. */
export const sourceBundleSchema = z.object({
  version: z.literal(1),
  origin: u32,
  blockNumber: z.string().regex(/^\d{1,20}$/),
  blockHash: hex,
  parentHash: hex,
  header: hex,
  nodes: z.array(hex).max(1_000_000),
  receipts: z.array(z.object({
    txIndex: u32,
    txHash: hex,
    proof: z.array(u32).max(64),
    logs: z.array(z.object({ logIndex: u32, messageId: hex, traceparent: z.string().max(128).optional() })).max(10_000),
  })),
  part: u32,
  partCount: u32,
  observedAt: z.number(),
})

export const sourceBundleCodec: BusCodec<SourceBundle> = createJsonCodec({
  contentType: 'application/vnd.relaymesh.bundle+json;v=1',
  parse: (raw) => sourceBundleSchema.parse(raw),
})

/** The verifier's wake-up for a destination's batcher: Postgres holds the messages. */
export type VerifiedNotice = { destination: number; count: number }

export const verifiedNoticeCodec: BusCodec<VerifiedNotice> = createJsonCodec({
  contentType: 'application/vnd.relaymesh.verified+json;v=1',
  parse: (raw) => z.object({ destination: u32, count: z.number().int().min(0) }).parse(raw),
})
