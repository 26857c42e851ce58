import { createJsonCodec, type BusCodec } from '@relaymesh/bus'
import { z } from 'zod'
import { BUNDLE_WIRE_CONTENT_TYPE, BUNDLE_WIRE_V1_CONTENT_TYPE, type BundleWireHead } from './BundleWire.js'
import { checkBundleWire } from './decodeBundleWire.js'

const u32 = z.number().int().min(0).max(0xffff_ffff)

/**
 * Bundle parts of any source in the binary wire form (the watchers encode as they build); decoding checks the
 * structure.
 */
export const encodedBundleCodec: BusCodec<Uint8Array> = {
  contentType: BUNDLE_WIRE_CONTENT_TYPE,
  encode: (bytes) => bytes,
  decode: (bytes) => {
    checkBundleWire(bytes)
    return bytes
  },
}

/**
 * A bundle part as the verifier's main thread holds it: the payload, checked, with its head read; a worker decodes it
 * again.
 */
export type IncomingBundle = { head: BundleWireHead; bytes: Uint8Array }

/**
 * The verifier's codec: a bundle part of any source stays bytes (structure checked, head read).
 * Only the binary wire form is accepted (version 1 parts too, published before an upgrade); anything else, such as
 * the JSON Solana slot bundles of earlier versions, is dead-lettered by the bus (`BUS_CODEC_MISMATCH`).
 */
export const incomingBundleCodec: BusCodec<IncomingBundle> = {
  contentType: BUNDLE_WIRE_CONTENT_TYPE,
  accepts: [BUNDLE_WIRE_V1_CONTENT_TYPE],
  encode: (incoming) => incoming.bytes,
  decode: (bytes) => ({ head: checkBundleWire(bytes), bytes }),
}

/** The verifier's wake-up for a destination's batcher: Postgres holds the messages. */
export type VerifiedNotice = { destination: number; count: number }

export const verifiedNoticeCodec: BusCodec<VerifiedNotice> = createJsonCodec({
  contentType: 'application/vnd.relaymesh.verified+json;v=1',
  parse: (raw) => z.object({ destination: u32, count: z.number().int().min(0) }).parse(raw),
})
