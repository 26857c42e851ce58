import { bytesToHex, keccak256Batch } from '@relaymesh/protocol'
import { resolveMaxPayloadBytes, tryHexToBytes } from '@relaymesh/protocol/internal'
import { decodeRawReceipt, verifyReceiptProofs, type RawReceipt } from '@relaymesh/receipt-proof'
import type { Hex } from 'viem'
import type { RelayerErrorCode } from '../RelayerError.js'
import { describeError } from './describeError.js'
import { packVerified, type PackedVerification, type VerifiedMessageBytes } from './PackedVerification.js'
import { readDispatchedMessage, type DispatchedMessage } from './readDispatchedMessage.js'
import type { VerifyBundleOptions } from './VerifyBundleOptions.js'

export type ClaimLogInput = {
  logIndex: number
  /** The id the watcher claims, as bytes; undefined when it was not hex (it then matches nothing). */
  messageId: Uint8Array | undefined
  /** The claimed id as the watcher wrote it, for reasons; defaults to the bytes' hex. */
  messageIdText?: string | undefined
  traceparent: string | undefined
}

export type ClaimReceiptInput = { txIndex: number; txHash: Uint8Array; proof: readonly number[]; logs: readonly ClaimLogInput[] }

export type VerifyBundleClaimsParameters = {
  origin: number
  /** From a header already checked against the block hash. */
  receiptsRoot: Hex
  nodes: readonly Uint8Array[]
  receipts: readonly ClaimReceiptInput[]
}

/** A rejected claim, by position: `receipt` indexes the bundle's receipts, `log` that receipt's claimed logs. */
export type ClaimRejection = { code: RelayerErrorCode; reason: string; receipt: number; log: number }

export type VerifyBundleClaimsReturnType = { verified: PackedVerification; rejected: ClaimRejection[] }

type Pending = { receipt: number; log: number; outcome: DispatchedMessage }

/**
 * The per-message half of `verifyBundle`, on bytes: proves every claimed
 * receipt against `receiptsRoot` (each shared trie node hashed once), reads
 * each claimed log, hashes every candidate message in one batched call, then
 * applies the remaining checks in claim order. Rejections come out in claim
 * order with the reasons the reference decoders give.
 */
export function verifyBundleClaims(p: VerifyBundleClaimsParameters, opts: VerifyBundleOptions): VerifyBundleClaimsReturnType {
  const rejected: ClaimRejection[] = []
  const pending = readClaims(p, opts, rejected)
  const candidates = pending.filter((e): e is Pending & { outcome: { message: Uint8Array } } => 'message' in e.outcome)
  const digests = keccak256Batch(candidates.map((e) => e.outcome.message))
  const ids = new Map<Pending, Uint8Array>(candidates.map((e, i) => [e, digests.subarray(32 * i, 32 * i + 32)]))
  const verified: VerifiedMessageBytes[] = []
  for (const entry of pending) {
    const claim = p.receipts[entry.receipt] as ClaimReceiptInput // reason: readClaims indexes p.receipts
    const log = claim.logs[entry.log] as ClaimLogInput // reason: as above
    const outcome = 'code' in entry.outcome ? entry.outcome : checkMessage(p.origin, entry.outcome, ids.get(entry) as Uint8Array, log, opts) // reason: every candidate has a digest
    if ('code' in outcome) rejected.push({ code: outcome.code, reason: outcome.reason, receipt: entry.receipt, log: entry.log })
    else verified.push({ ...outcome, txHash: claim.txHash, txIndex: claim.txIndex, logIndex: log.logIndex, traceparent: log.traceparent, receipt: entry.receipt, log: entry.log })
  }
  // Proof failures were recorded first; put every rejection back in claim order.
  rejected.sort((a, b) => a.receipt - b.receipt || a.log - b.log)
  return { verified: packVerified(verified), rejected }
}

function readClaims(p: VerifyBundleClaimsParameters, opts: VerifyBundleOptions, rejected: ClaimRejection[]): Pending[] {
  const reject = (receipt: number, code: RelayerErrorCode, reason: string) =>
    (p.receipts[receipt] as ClaimReceiptInput).logs.forEach((_, log) => rejected.push({ code, reason, receipt, log })) // reason: receipt < length
  const provable: number[] = []
  p.receipts.forEach((claim, i) => {
    const missing = claim.proof.find((n) => p.nodes[n] === undefined)
    if (missing === undefined) provable.push(i)
    else reject(i, 'RECEIPT_PROOF_INVALID', `RECEIPT_PROOF_INVALID: proof references missing node ${missing}`)
  })
  const proven = verifyReceiptProofs({
    receiptsRoot: p.receiptsRoot, nodes: p.nodes, claims: provable.map((i) => p.receipts[i] as ClaimReceiptInput), // reason: i < length
  })
  const outbox = opts.outbox === opts.outbox.toLowerCase() ? tryHexToBytes(opts.outbox) : undefined
  const maxPayloadBytes = payloadLimit(opts.maxPayloadBytes)
  const pending: Pending[] = []
  provable.forEach((receiptAt, k) => {
    const receiptBytes = proven[k] as Uint8Array | Error // reason: one result per claim
    if (!(receiptBytes instanceof Uint8Array)) return reject(receiptAt, 'RECEIPT_PROOF_INVALID', describeError(receiptBytes))
    const receipt = decodeOnce(receiptBytes)
    ;(p.receipts[receiptAt] as ClaimReceiptInput).logs.forEach((log, logAt) => { // reason: receiptAt < length
      const outcome = readDispatchedMessage({ receipt, receiptBytes, logIndex: log.logIndex, outbox, maxPayloadBytes, configuredMaxPayloadBytes: opts.maxPayloadBytes })
      pending.push({ receipt: receiptAt, log: logAt, outcome })
    })
  })
  return pending
}

function decodeOnce(bytes: Uint8Array): RawReceipt | { error: unknown } {
  try {
    return decodeRawReceipt(bytes)
  } catch (error) {
    return { error }
  }
}

function payloadLimit(maxPayloadBytes: number): number | undefined {
  try {
    return resolveMaxPayloadBytes({ maxPayloadBytes })
  } catch {
    return undefined // every message then takes decodeMessage's path, which rejects with its error
  }
}

type Checked = { code: RelayerErrorCode; reason: string } | { message: Uint8Array; id: Uint8Array }

function checkMessage(origin: number, d: { message: Uint8Array; indexedId: Uint8Array; destination: number }, id: Uint8Array, log: ClaimLogInput, opts: VerifyBundleOptions): Checked {
  const view = new DataView(d.message.buffer, d.message.byteOffset, d.message.byteLength)
  if (!equal(id, d.indexedId)) return { code: 'MESSAGE_ID_MISMATCH', reason: `indexed id ${bytesToHex(d.indexedId)} != keccak(message) ${bytesToHex(id)}` }
  const messageOrigin = view.getUint32(9)
  if (messageOrigin !== origin) return { code: 'WRONG_ORIGIN', reason: `message origin ${messageOrigin} on chain ${origin}` }
  const destination = view.getUint32(45)
  if (destination !== d.destination || !opts.destinations.has(destination)) {
    return { code: 'UNKNOWN_ROUTE', reason: `destination ${destination} is not a configured route` }
  }
  if (log.messageId === undefined || !equal(id, log.messageId)) {
    const claimed = log.messageIdText ?? (log.messageId ? bytesToHex(log.messageId) : 'an id that is not hex')
    return { code: 'MESSAGE_ID_MISMATCH', reason: `watcher claimed ${claimed}, log carries ${bytesToHex(id)}` }
  }
  return { message: d.message, id }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
