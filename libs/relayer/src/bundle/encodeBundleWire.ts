import { RelayerError } from '../RelayerError.js'
import {
  BUNDLE_WIRE_HEAD_BYTES,
  BUNDLE_WIRE_LIMITS,
  BUNDLE_WIRE_MAGIC,
  BUNDLE_WIRE_VERSION,
  type BundleWire,
  type BundleWireLog,
  type BundleWireReceipt,
} from './BundleWire.js'

export type EncodeBundleWireParameters = Omit<BundleWire, 'messageCount'>

const utf8 = new TextEncoder()
/** The W3C version-00 form, which packs into 26 bytes and formats back to the same string. */
const PACKABLE_TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/

function invalid(why: string): RelayerError {
  return new RelayerError(`Cannot encode bundle: ${why}`, { code: 'BUNDLE_MALFORMED' })
}

function traceparentBytes(traceparent: string | undefined): number {
  if (traceparent === undefined) return 1
  if (PACKABLE_TRACEPARENT.test(traceparent)) return 1 + 26
  return 1 + 2 + utf8.encode(traceparent).length
}

function receiptBytes(r: BundleWireReceipt): number {
  let n = 4 + 1 + r.txHash.length + 1 + 4 * r.proof.length + 4
  for (const log of r.logs) n += 4 + 1 + log.messageId.length + traceparentBytes(log.traceparent)
  return n
}

class Writer {
  readonly bytes: Uint8Array
  readonly view: DataView
  at = 0
  constructor(size: number) {
    this.bytes = new Uint8Array(size)
    this.view = new DataView(this.bytes.buffer)
  }
  u8(v: number): void {
    this.view.setUint8(this.at, v)
    this.at += 1
  }
  u16(v: number): void {
    this.view.setUint16(this.at, v)
    this.at += 2
  }
  u32(v: number): void {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff_ffff) throw invalid(`${v} is not a u32`)
    this.view.setUint32(this.at, v)
    this.at += 4
  }
  raw(b: Uint8Array): void {
    this.bytes.set(b, this.at)
    this.at += b.length
  }
  short(b: Uint8Array, what: string): void {
    if (b.length > 255) throw invalid(`${what} of ${b.length} bytes`)
    this.u8(b.length)
    this.raw(b)
  }
}

function writeTraceparent(w: Writer, traceparent: string | undefined): void {
  if (traceparent === undefined) return w.u8(0)
  if (PACKABLE_TRACEPARENT.test(traceparent)) {
    w.u8(1)
    w.raw(Buffer.from(traceparent.replaceAll('-', ''), 'hex'))
    return
  }
  if (traceparent.length > BUNDLE_WIRE_LIMITS.traceparentChars) throw invalid('traceparent too long')
  const text = utf8.encode(traceparent)
  w.u8(2)
  w.u16(text.length)
  w.raw(text)
}

function writeLog(w: Writer, log: BundleWireLog): void {
  w.u32(log.logIndex)
  w.short(log.messageId, 'message id')
  writeTraceparent(w, log.traceparent)
}

function writeReceipt(w: Writer, r: BundleWireReceipt): void {
  if (r.proof.length > BUNDLE_WIRE_LIMITS.proof) throw invalid(`proof of ${r.proof.length} nodes`)
  if (r.logs.length > BUNDLE_WIRE_LIMITS.logsPerReceipt) throw invalid(`${r.logs.length} logs in one receipt`)
  w.u32(r.txIndex)
  w.short(r.txHash, 'tx hash')
  w.u8(r.proof.length)
  for (const n of r.proof) w.u32(n)
  w.u32(r.logs.length)
  for (const log of r.logs) writeLog(w, log)
}

function writeHead(w: Writer, b: EncodeBundleWireParameters, messageCount: number): void {
  if (b.blockHash.length !== 32 || b.parentHash.length !== 32) throw invalid('block and parent hashes must be 32 bytes')
  if (b.blockNumber < 0n || b.blockNumber >= 2n ** 64n) throw invalid(`block number ${b.blockNumber}`)
  w.raw(BUNDLE_WIRE_MAGIC)
  w.u8(BUNDLE_WIRE_VERSION)
  w.u32(b.origin)
  w.view.setBigUint64(w.at, b.blockNumber)
  w.at += 8
  w.raw(b.blockHash)
  w.raw(b.parentHash)
  w.view.setFloat64(w.at, b.observedAt)
  w.at += 8
  w.u32(b.part)
  w.u32(b.partCount)
  w.u32(messageCount)
}

/**
 * Encodes a bundle part in the binary wire form (see `BundleWire.ts`): one
 * allocation, raw bytes copied once.
 *
 * @throws RelayerError `BUNDLE_MALFORMED` when a field does not fit its wire type.
 * @example
 * const bytes = encodeBundleWire({ origin: 1, blockNumber: 7n, blockHash, parentHash, observedAt: Date.now(), part: 0, partCount: 1, header, nodes, receipts })
 */
export function encodeBundleWire(bundle: EncodeBundleWireParameters): Uint8Array {
  if (bundle.nodes.length > BUNDLE_WIRE_LIMITS.nodes) throw invalid(`${bundle.nodes.length} nodes`)
  let size = BUNDLE_WIRE_HEAD_BYTES + 4 + bundle.header.length + 4 + 4
  for (const node of bundle.nodes) size += 4 + node.length
  let messageCount = 0
  for (const r of bundle.receipts) {
    size += receiptBytes(r)
    messageCount += r.logs.length
  }
  const w = new Writer(size)
  writeHead(w, bundle, messageCount)
  w.u32(bundle.header.length)
  w.raw(bundle.header)
  w.u32(bundle.nodes.length)
  for (const node of bundle.nodes) {
    w.u32(node.length)
    w.raw(node)
  }
  w.u32(bundle.receipts.length)
  for (const r of bundle.receipts) writeReceipt(w, r)
  return w.bytes
}
