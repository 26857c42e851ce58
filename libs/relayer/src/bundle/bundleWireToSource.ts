import { bytesToHex } from '@relaymesh/protocol'
import type { BundleWire } from './BundleWire.js'
import type { SourceBundle } from './SourceBundle.js'

/**
 * The JSON-shaped (hex) form of a decoded wire bundle: for tools, tests and
 * the JSON-era API; the verifier reads the bytes directly.
 *
 * @example
 * const bundle = bundleWireToSource(decodeBundleWire(msg.data))
 */
export function bundleWireToSource(wire: BundleWire): SourceBundle {
  return {
    version: 1,
    origin: wire.origin,
    blockNumber: wire.blockNumber.toString(),
    blockHash: bytesToHex(wire.blockHash),
    parentHash: bytesToHex(wire.parentHash),
    header: bytesToHex(wire.header),
    nodes: wire.nodes.map(bytesToHex),
    receipts: wire.receipts.map((r) => ({
      txIndex: r.txIndex,
      txHash: bytesToHex(r.txHash),
      proof: r.proof,
      logs: r.logs.map((l) => ({ logIndex: l.logIndex, messageId: bytesToHex(l.messageId), traceparent: l.traceparent })),
    })),
    part: wire.part,
    partCount: wire.partCount,
    observedAt: wire.observedAt,
  }
}
