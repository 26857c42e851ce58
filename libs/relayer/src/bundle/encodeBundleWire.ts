import {
  BUNDLE_WIRE_HEAD_BYTES,
  BUNDLE_WIRE_LIMITS,
  type BundleWire,
  type BundleWireLog,
  type BundleWireReceipt,
} from './BundleWire.js'
import { invalid, traceparentBytes, WireWriter, writeHead, writeTraceparent } from './WireWriter.js'

export type EncodeBundleWireParameters = Omit<BundleWire, 'messageCount' | 'source'>

function receiptBytes(r: BundleWireReceipt): number {
  let n = 4 + 1 + r.txHash.length + 1 + 4 * r.proof.length + 4
  for (const log of r.logs) n += 4 + 1 + log.messageId.length + traceparentBytes(log.traceparent)
  return n
}

function writeLog(w: WireWriter, log: BundleWireLog): void {
  w.u32(log.logIndex)
  w.short(log.messageId, 'message id')
  writeTraceparent(w, log.traceparent)
}

function writeReceipt(w: WireWriter, r: BundleWireReceipt): void {
  if (r.proof.length > BUNDLE_WIRE_LIMITS.proof) throw invalid(`proof of ${r.proof.length} nodes`)
  if (r.logs.length > BUNDLE_WIRE_LIMITS.logsPerReceipt) throw invalid(`${r.logs.length} logs in one receipt`)
  w.u32(r.txIndex)
  w.short(r.txHash, 'tx hash')
  w.u8(r.proof.length)
  for (const n of r.proof) w.u32(n)
  w.u32(r.logs.length)
  for (const log of r.logs) writeLog(w, log)
}

/**
 * Encodes a bundle part in the binary wire form (see `BundleWire.ts`): one
 * allocation, raw bytes copied once.
 *
 * @throws RelayerError `BUNDLE_MALFORMED` when a field does not fit its wire type.
 * @example
 * const bytes = encodeBundleWire({
 *   origin: 1,
 *   blockNumber: 7n,
 *   blockHash,
 *   parentHash,
 *   observedAt: Date.now(),
 *   part: 0,
 *   partCount: 1,
 *   header,
 *   nodes,
 *   receipts,
 * })
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
  const w = new WireWriter(size)
  writeHead(w, { ...bundle, source: 'evm', messageCount })
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
