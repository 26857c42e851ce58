import { bytesToHex } from '@relaymesh/protocol'
import type { Hex } from 'viem'
import type { BundleWire } from '../bundle/BundleWire.js'
import { decodeBundleWire } from '../bundle/decodeBundleWire.js'
import type { RelayerErrorCode } from '../RelayerError.js'
import { checkBundleHeader } from './checkBundleHeader.js'
import type { PackedVerification } from './PackedVerification.js'
import { verifyClaims, type ClaimRejection } from './verifyClaims.js'
import type { VerifyBundleOptions } from './VerifyBundleOptions.js'

export type { VerifyBundleOptions } from './VerifyBundleOptions.js'

export type RejectedClaim = {
  code: RelayerErrorCode
  reason: string
  /** The claimed id as the watcher sent it (32 bytes unless forged). */
  messageId: Uint8Array
  txHash: Uint8Array
  logIndex: number
  traceparent: string | undefined
}

export type VerifyBundleReturnType = {
  blockNumber: bigint
  blockHash: Hex
  receiptsRoot: Hex
  /**
   * The verified header's timestamp (seconds): when the messages were sent, the same on every relayer and every
   * re-sync.
   */
  blockTimestamp: bigint
  /** The verified messages as columns, ready for the store. */
  verified: PackedVerification
  rejected: RejectedClaim[]
}

function rejectedClaim(r: ClaimRejection, wire: BundleWire): RejectedClaim {
  // reason: rejections index the bundle's receipts
  const claim = wire.receipts[r.receipt] as BundleWire['receipts'][number]
  const log = claim.logs[r.log] as BundleWire['receipts'][number]['logs'][number] // reason: as above
  return {
    code: r.code,
    reason: r.reason,
    messageId: log.messageId,
    txHash: claim.txHash,
    logIndex: log.logIndex,
    traceparent: log.traceparent,
  }
}

/**
 * Verifies one source bundle part from scratch (libs/relayer/DESIGN.md,
 * "Verification"), on its binary wire form: the part decodes (proof nodes
 * stay views into `bytes`); the header hashes to the claimed block hash; each
 * receipt proof holds against the header's receiptsRoot; each claimed log is
 * the configured Outbox's `Dispatch` and carries a well-formed message for a
 * configured route. Finality is checked by the caller (it needs IO). Pure and
 * synchronous: the verifier's worker threads run it.
 *
 * @throws RelayerError `BUNDLE_MALFORMED` or `HEADER_HASH_MISMATCH`: the whole bundle is rejected.
 * @example
 * const { verified, rejected } = verifyBundle(msg.data, { outbox, destinations: new Set([56]), maxPayloadBytes: 4096 })
 */
export function verifyBundle(bytes: Uint8Array, opts: VerifyBundleOptions): VerifyBundleReturnType {
  const wire = decodeBundleWire(bytes)
  const header = checkBundleHeader({
    header: wire.header,
    blockHash: bytesToHex(wire.blockHash),
    parentHash: bytesToHex(wire.parentHash),
    blockNumber: wire.blockNumber,
  })
  const { verified, rejected } = verifyClaims(
    { origin: wire.origin, receiptsRoot: header.receiptsRoot, nodes: wire.nodes, receipts: wire.receipts },
    opts,
  )
  return {
    blockNumber: header.number,
    blockHash: header.hash,
    receiptsRoot: header.receiptsRoot,
    blockTimestamp: header.timestamp,
    verified,
    rejected: rejected.map((r) => rejectedClaim(r, wire)),
  }
}
