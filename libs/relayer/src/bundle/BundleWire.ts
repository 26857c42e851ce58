/**
 * The binary form of a source bundle part (libs/relayer/DESIGN.md, "Source
 * bundle"): length-prefixed raw bytes, no hex and no JSON, so the verifier
 * can hand the NATS payload to a worker thread untouched and read proof
 * nodes as views into it. All integers big-endian.
 *
 * ```
 * magic "RMBW" | version u8 = 2 | origin u32 | blockNumber u64 | blockHash 32 | parentHash 32
 * | observedAt f64 | part u32 | partCount u32 | messageCount u32 | source u8 (0 EVM, 1 Solana)
 * then the source's body. EVM (a block's receipts):
 * | header: u32 length + bytes
 * | nodes: u32 count, each u32 length + bytes
 * | receipts: u32 count, each:
 * |   txIndex u32 | txHash: u8 length + bytes | proof: u8 count (<= 64) + u32 node indexes
 * |   logs: u32 count (<= 10,000), each: logIndex u32 | messageId: u8 length + bytes
 * |     | traceparent: u8 kind (0 none, 1 W3C version-00 form packed in 26 bytes, 2 u16 length + UTF-8)
 * ```
 * Solana (one slot, `SolanaSlotWire.ts`; blockNumber = slot, blockHash = blockhash, parentHash zero, one part):
 * | blockTime: u8 present + u64 seconds | commitment: u32 length + signed bytes
 * | signatures: u32 count, each signer 32 | signature 64
 * | transactions: u32 count, each signature 64 | err: u32 length + JSON (0: none) | wire: u32 length + bytes
 * | claims: u32 count, each messageId 32 | traceparent (as above)
 * `messageCount` is the number of claimed logs (EVM) or ids (Solana), so a
 * consumer can size its work from the fixed head; a decoder checks it against
 * the body. Version 1 (no source byte, EVM only) is still read: parts already
 * in the stream at an upgrade are verified as before.
 */
export const BUNDLE_WIRE_MAGIC = Uint8Array.of(0x52, 0x4d, 0x42, 0x57)
export const BUNDLE_WIRE_VERSION = 2
export const BUNDLE_WIRE_CONTENT_TYPE = 'application/vnd.relaymesh.bundle;v=2'
/** Version 1's content type: EVM parts published before an upgrade, still read. */
export const BUNDLE_WIRE_V1_CONTENT_TYPE = 'application/vnd.relaymesh.bundle;v=1'
/** Bytes of the fixed head, up to and excluding the body. */
export const BUNDLE_WIRE_HEAD_BYTES = 102
/** Version 1's head: the same without the source byte. */
export const BUNDLE_WIRE_V1_HEAD_BYTES = 101

/** The source chain kinds a bundle comes from, by their wire code (the index). */
export const BUNDLE_SOURCES = ['evm', 'solana'] as const
export type BundleSource = (typeof BUNDLE_SOURCES)[number]

/** Limits a decoder enforces on untrusted input. */
export const BUNDLE_WIRE_LIMITS = {
  nodes: 1_000_000,
  proof: 64,
  logsPerReceipt: 10_000,
  solanaTransactions: 100_000,
  solanaSignatures: 10_000,
  traceparentChars: 128,
} as const

/** The fixed head of a bundle part: what the verifier's main thread needs before a worker reads the rest. */
export type BundleWireHead = {
  source: BundleSource
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
export type BundleWire = BundleWireHead & { source: 'evm' } & {
  header: Uint8Array
  nodes: Uint8Array[]
  receipts: BundleWireReceipt[]
}
