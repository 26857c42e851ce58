import { hexToBytes } from '@relaymesh/protocol'
import type { Hex } from 'viem'
import { RelayerError } from '../RelayerError.js'
import type { EncodeBundleWireParameters } from './encodeBundleWire.js'
import type { SourceBundle } from './SourceBundle.js'

function bytes(hex: Hex, field: string): Uint8Array {
  try {
    return hexToBytes(hex, field)
  } catch (cause) {
    throw new RelayerError(`Bundle ${field} is not hex of whole bytes`, { code: 'BUNDLE_MALFORMED', cause })
  }
}

/**
 * The byte form of a JSON-shaped bundle, ready for `encodeBundleWire`.
 *
 * @throws RelayerError `BUNDLE_MALFORMED` when a hex field is not whole bytes or the block number is not a u64.
 * @example
 * const wire = encodeBundleWire(sourceBundleToWire(bundle))
 */
export function sourceBundleToWire(bundle: SourceBundle): EncodeBundleWireParameters {
  return {
    origin: bundle.origin,
    blockNumber: BigInt(bundle.blockNumber),
    blockHash: bytes(bundle.blockHash, 'block hash'),
    parentHash: bytes(bundle.parentHash, 'parent hash'),
    observedAt: bundle.observedAt,
    part: bundle.part,
    partCount: bundle.partCount,
    header: bytes(bundle.header, 'header'),
    nodes: bundle.nodes.map((node) => bytes(node, 'proof node')),
    receipts: bundle.receipts.map((r) => ({
      txIndex: r.txIndex,
      txHash: bytes(r.txHash, 'tx hash'),
      proof: r.proof,
      logs: r.logs.map((l) => ({ logIndex: l.logIndex, messageId: bytes(l.messageId, 'message id'), traceparent: l.traceparent })),
    })),
  }
}
