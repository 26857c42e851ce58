/**
 * The binary form of a source bundle part (libs/relayer/DESIGN.md, "Source
 * bundle"): length-prefixed raw bytes, no hex and no JSON, so the verifier
 * can hand the NATS payload to a worker thread untouched and read proof
 * nodes as views into it. All integers big-endian.
 *
 * ```
 * magic "RMBW" | version u8 = 1 | origin u32 | blockNumber u64 | blockHash 32 | parentHash 32
 * | observedAt f64 | part u32 | partCount u32 | messageCount u32
 * | header: u32 length + bytes
 * | nodes: u32 count, each u32 length + bytes
 * | receipts: u32 count, each:
 * |   txIndex u32 | txHash: u8 length + bytes | proof: u8 count (<= 64) + u32 node indexes
 * |   logs: u32 count (<= 10,000), each: logIndex u32 | messageId: u8 length + bytes
 * |     | traceparent: u8 kind (0 none, 1 W3C version-00 form packed in 26 bytes, 2 u16 length + UTF-8)
 * ```
 * `messageCount` is the number of claimed logs, so a consumer can size its
 * work from the fixed head; a decoder checks it against the body.
 */
export const BUNDLE_WIRE_MAGIC = Uint8Array.of(0x52, 0x4d, 0x42, 0x57)
export const BUNDLE_WIRE_VERSION = 1
export const BUNDLE_WIRE_CONTENT_TYPE = 'application/vnd.relaymesh.bundle;v=1'
/** Bytes of the fixed head, up to and excluding the header's length. */
export const BUNDLE_WIRE_HEAD_BYTES = 101

/** Limits a decoder enforces on untrusted input. */
export const BUNDLE_WIRE_LIMITS = {
  nodes: 1_000_000,
  proof: 64,
  logsPerReceipt: 10_000,
  traceparentChars: 128,
} as const

/** The fixed head of a bundle part: what the verifier's main thread needs before a worker reads the rest. */
export type BundleWireHead = {
  origin: number
  blockNumber: bigint
  blockHash: Uint8Array
  parentHash: Uint8Array
  observedAt: number
  part: number
  partCount: number
  messageCount: number
}

export type BundleWireLog = { logIndex: number; messageId: Uint8Array; traceparent: string | undefined }

export type BundleWireReceipt = { txIndex: number; txHash: Uint8Array; proof: number[]; logs: BundleWireLog[] }

/** A decoded bundle part; every byte field is a view into the decoded buffer. */
export type BundleWire = BundleWireHead & { header: Uint8Array; nodes: Uint8Array[]; receipts: BundleWireReceipt[] }
