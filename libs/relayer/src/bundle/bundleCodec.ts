import { createJsonCodec, type BusCodec } from '@relaymesh/bus'
import { bytesToHex } from '@relaymesh/protocol'
import { z } from 'zod'
import { BUNDLE_WIRE_CONTENT_TYPE, type BundleWireHead } from './BundleWire.js'
import { bundleWireToSource } from './bundleWireToSource.js'
import { checkBundleWire, decodeBundleWire } from './decodeBundleWire.js'
import { encodeBundleWire } from './encodeBundleWire.js'
import type { SourceBundle } from './SourceBundle.js'
import { sourceBundleToWire } from './sourceBundleToWire.js'

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

export const BUNDLE_JSON_CONTENT_TYPE = 'application/vnd.relaymesh.bundle+json;v=1'

/** The JSON form of a bundle (hex strings, zod-validated): still decodable, no longer what watchers publish. */
export const sourceBundleCodec: BusCodec<SourceBundle> = createJsonCodec({
  contentType: BUNDLE_JSON_CONTENT_TYPE,
  parse: (raw) => sourceBundleSchema.parse(raw),
})

/** A `SourceBundle` published in the binary wire form (`BundleWire.ts`); decodes the JSON form too. */
export const sourceBundleWireCodec: BusCodec<SourceBundle> = {
  contentType: BUNDLE_WIRE_CONTENT_TYPE,
  accepts: [BUNDLE_JSON_CONTENT_TYPE],
  encode: (bundle) => encodeBundleWire(sourceBundleToWire(bundle)),
  decode: (bytes, contentType) =>
    contentType === BUNDLE_JSON_CONTENT_TYPE ? sourceBundleCodec.decode(bytes) : bundleWireToSource(decodeBundleWire(bytes)),
}

/** Bundle parts already in the binary wire form (the watcher encodes as it builds); decoding checks the structure. */
export const encodedBundleCodec: BusCodec<Uint8Array> = {
  contentType: BUNDLE_WIRE_CONTENT_TYPE,
  encode: (bytes) => bytes,
  decode: (bytes) => {
    checkBundleWire(bytes)
    return bytes
  },
}

/** What the verifier's main thread needs of a bundle before a worker reads the rest. */
export type IncomingBundleMeta = Pick<SourceBundle, 'origin' | 'blockNumber' | 'blockHash' | 'parentHash' | 'observedAt' | 'part' | 'partCount'> & {
  /** Claimed logs in this part. */
  messageCount: number
}

/**
 * A bundle as the verifier's main thread holds it: the binary payload,
 * checked and with its head read, to be decoded again inside a worker; or a
 * JSON-era bundle, already parsed.
 */
export type IncomingBundle =
  | { kind: 'wire'; meta: IncomingBundleMeta; bytes: Uint8Array }
  | { kind: 'json'; meta: IncomingBundleMeta; bundle: SourceBundle }

function wireMeta(head: BundleWireHead): IncomingBundleMeta {
  const { origin, observedAt, part, partCount, messageCount } = head
  return { origin, observedAt, part, partCount, messageCount, blockNumber: head.blockNumber.toString(), blockHash: bytesToHex(head.blockHash), parentHash: bytesToHex(head.parentHash) }
}

function jsonMeta(bundle: SourceBundle): IncomingBundleMeta {
  const { origin, blockNumber, blockHash, parentHash, observedAt, part, partCount } = bundle
  return { origin, blockNumber, blockHash, parentHash, observedAt, part, partCount, messageCount: bundle.receipts.reduce((n, r) => n + r.logs.length, 0) }
}

/** The verifier's codec: binary bundles stay bytes (structure checked, head read); JSON ones are parsed. */
export const incomingBundleCodec: BusCodec<IncomingBundle> = {
  contentType: BUNDLE_WIRE_CONTENT_TYPE,
  accepts: [BUNDLE_JSON_CONTENT_TYPE],
  encode: (incoming) => (incoming.kind === 'wire' ? incoming.bytes : sourceBundleCodec.encode(incoming.bundle)),
  decode: (bytes, contentType) => {
    if (contentType !== BUNDLE_JSON_CONTENT_TYPE) return { kind: 'wire', meta: wireMeta(checkBundleWire(bytes)), bytes }
    const bundle = sourceBundleCodec.decode(bytes)
    return { kind: 'json', meta: jsonMeta(bundle), bundle }
  },
}

/** The verifier's wake-up for a destination's batcher: Postgres holds the messages. */
export type VerifiedNotice = { destination: number; count: number }

export const verifiedNoticeCodec: BusCodec<VerifiedNotice> = createJsonCodec({
  contentType: 'application/vnd.relaymesh.verified+json;v=1',
  parse: (raw) => z.object({ destination: u32, count: z.number().int().min(0) }).parse(raw),
})
