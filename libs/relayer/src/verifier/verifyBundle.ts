import { encodeMessage, MESSAGE_VERSION, type Message } from '@relaymesh/protocol'
import { tryHexToBytes } from '@relaymesh/protocol/internal'
import type { Hex } from 'viem'
import type { ClaimedReceipt, SourceBundle } from '../bundle/SourceBundle.js'
import { RelayerError, type RelayerErrorCode } from '../RelayerError.js'
import { checkBundleHeader } from './checkBundleHeader.js'
import { packedSlice, type PackedVerification } from './PackedVerification.js'
import { verifyBundleClaims, type ClaimRejection, type ClaimReceiptInput } from './verifyBundleClaims.js'
import type { VerifyBundleOptions } from './VerifyBundleOptions.js'

export type { VerifyBundleOptions } from './VerifyBundleOptions.js'

export type VerifiedMessage = {
  id: Hex
  message: Message
  encoded: Uint8Array
  txHash: Hex
  txIndex: number
  logIndex: number
  traceparent: string | undefined
}

export type RejectedClaim = {
  code: RelayerErrorCode
  reason: string
  messageId: Hex | undefined
  txHash: Hex
  logIndex: number | undefined
  traceparent: string | undefined
}

export type VerifyBundleReturnType = {
  blockNumber: bigint
  blockHash: Hex
  receiptsRoot: Hex
  /** The verified header's timestamp (seconds): when the messages were sent, the same on every relayer and every re-sync. */
  blockTimestamp: bigint
  verified: VerifiedMessage[]
  rejected: RejectedClaim[]
}

/** The packed result plus the header facts, as the worker returns it. */
export type VerifyBundlePackedReturnType = Omit<VerifyBundleReturnType, 'verified'> & { verified: PackedVerification }

const hex = (bytes: Uint8Array): Hex => `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`

/**
 * Verifies one source bundle from scratch (libs/relayer/DESIGN.md,
 * "Verification"): the header hashes to the claimed block hash; each receipt
 * proof holds against the header's receiptsRoot; each claimed log is the
 * configured Outbox's `Dispatch` and carries a well-formed message for a
 * configured route. Finality is checked by the caller (it needs IO). Pure and
 * synchronous: it runs in the verifier's worker threads, which read the
 * binary form directly (`verifyBundleWire`); this is the JSON-shaped entry.
 *
 * @throws RelayerError `BUNDLE_MALFORMED` or `HEADER_HASH_MISMATCH`: the whole bundle is rejected.
 */
export function verifyBundle(bundle: SourceBundle, opts: VerifyBundleOptions): VerifyBundleReturnType {
  const packed = verifyBundlePacked(bundle, opts)
  return { ...packed, verified: unpackVerified(bundle, packed.verified) }
}

/** {@link verifyBundle} with the verified messages as columns (what the store takes). */
export function verifyBundlePacked(bundle: SourceBundle, opts: VerifyBundleOptions): VerifyBundlePackedReturnType {
  const header = checkBundleHeader({
    header: tryHexToBytes(bundle.header), blockHash: bundle.blockHash, parentHash: bundle.parentHash, blockNumber: BigInt(bundle.blockNumber),
  })
  const nodes = bundle.nodes.map((node) => tryHexToBytes(node))
  if (nodes.some((node) => node === undefined)) throw new RelayerError('Bundle proof nodes are not hex', { code: 'BUNDLE_MALFORMED' })
  const receipts = bundle.receipts.map((r): ClaimReceiptInput => {
    const txHash = tryHexToBytes(r.txHash)
    if (txHash === undefined) throw new RelayerError('Bundle transaction hash is not hex', { code: 'BUNDLE_MALFORMED' })
    return {
      txIndex: r.txIndex, txHash, proof: r.proof,
      logs: r.logs.map((l) => ({ logIndex: l.logIndex, messageId: tryHexToBytes(l.messageId), messageIdText: l.messageId, traceparent: l.traceparent })),
    }
  })
  const { verified, rejected } = verifyBundleClaims({ origin: bundle.origin, receiptsRoot: header.receiptsRoot, nodes: nodes as Uint8Array[], receipts }, opts) // reason: checked above
  return {
    blockNumber: header.number, blockHash: header.hash, receiptsRoot: header.receiptsRoot, blockTimestamp: header.timestamp, verified,
    rejected: rejected.map((r) => rejectedClaim(r, bundle.receipts)),
  }
}

function rejectedClaim(r: ClaimRejection, receipts: readonly ClaimedReceipt[]): RejectedClaim {
  const claim = receipts[r.receipt] as ClaimedReceipt // reason: rejections index the bundle's receipts
  const log = claim.logs[r.log] as ClaimedReceipt['logs'][number] // reason: as above
  return { code: r.code, reason: r.reason, messageId: log.messageId, txHash: claim.txHash, logIndex: log.logIndex, traceparent: log.traceparent }
}

function unpackVerified(bundle: SourceBundle, packed: PackedVerification): VerifiedMessage[] {
  return Array.from({ length: packed.count }, (_, i) => {
    const claim = bundle.receipts[packed.claimReceipts[i] as number] as ClaimedReceipt // reason: i < count; packed indexes the bundle
    const message: Message = {
      version: MESSAGE_VERSION,
      nonce: packed.nonces[i] as bigint, // reason: i < count
      origin: bundle.origin,
      sender: hex(packed.senders.subarray(32 * i, 32 * i + 32)),
      destination: packed.destinations[i] as number, // reason: i < count
      recipient: hex(packed.recipients.subarray(32 * i, 32 * i + 32)),
      gasLimit: packed.gasLimits[i] as number, // reason: i < count
      payload: hex(packedSlice(packed.payloads, packed.payloadEnds, i)),
    }
    return {
      id: hex(packed.ids.subarray(32 * i, 32 * i + 32)), message, encoded: encodeMessage(message),
      txHash: claim.txHash, txIndex: claim.txIndex, logIndex: packed.logIndexes[i] as number, traceparent: packed.traceparents[i], // reason: i < count
    }
  })
}
