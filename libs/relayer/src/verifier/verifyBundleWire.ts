import { bytesToHex } from '@relaymesh/protocol'
import type { BundleWire } from '../bundle/BundleWire.js'
import { decodeBundleWire } from '../bundle/decodeBundleWire.js'
import { checkBundleHeader } from './checkBundleHeader.js'
import type { RejectedClaim, VerifyBundleOptions, VerifyBundlePackedReturnType } from './verifyBundle.js'
import { verifyBundleClaims, type ClaimRejection } from './verifyBundleClaims.js'

function rejectedClaim(r: ClaimRejection, wire: BundleWire): RejectedClaim {
  const claim = wire.receipts[r.receipt] as BundleWire['receipts'][number] // reason: rejections index the bundle's receipts
  const log = claim.logs[r.log] as BundleWire['receipts'][number]['logs'][number] // reason: as above
  return { code: r.code, reason: r.reason, messageId: bytesToHex(log.messageId), txHash: bytesToHex(claim.txHash), logIndex: log.logIndex, traceparent: log.traceparent }
}

/**
 * `verifyBundle` on the binary wire form, as the verifier's workers run it:
 * decodes the part (proof nodes stay views into `bytes`), checks the header,
 * then verifies every claim on bytes and returns the verified messages as
 * columns ready for the store.
 *
 * @throws RelayerError `BUNDLE_MALFORMED` or `HEADER_HASH_MISMATCH`: the whole bundle is rejected.
 * @example
 * const { verified, rejected } = verifyBundleWire(msg.data, { outbox, destinations: new Set([56]), maxPayloadBytes: 4096 })
 */
export function verifyBundleWire(bytes: Uint8Array, opts: VerifyBundleOptions): VerifyBundlePackedReturnType {
  const wire = decodeBundleWire(bytes)
  const header = checkBundleHeader({
    header: wire.header, blockHash: bytesToHex(wire.blockHash), parentHash: bytesToHex(wire.parentHash), blockNumber: wire.blockNumber,
  })
  const { verified, rejected } = verifyBundleClaims({ origin: wire.origin, receiptsRoot: header.receiptsRoot, nodes: wire.nodes, receipts: wire.receipts }, opts)
  return {
    blockNumber: header.number, blockHash: header.hash, receiptsRoot: header.receiptsRoot, blockTimestamp: header.timestamp, verified,
    rejected: rejected.map((r) => rejectedClaim(r, wire)),
  }
}
