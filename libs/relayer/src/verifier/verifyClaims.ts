import { bytesToHex, keccak256Batch } from '@relaymesh/protocol'
import { resolveMaxPayloadBytes, tryHexToBytes } from '@relaymesh/protocol/internal'
import { decodeRawReceipt, verifyReceiptProofs, type RawReceipt } from '@relaymesh/receipt-proof'
import type { Hex } from 'viem'
import type { BundleWireLog, BundleWireReceipt } from '../bundle/BundleWire.js'
import type { RelayerErrorCode } from '../RelayerError.js'
import { describeError } from './describeError.js'
import { packVerified, type PackedVerification, type VerifiedMessagesInput } from './PackedVerification.js'
import { readDispatchedMessage, type DispatchedMessage } from './readDispatchedMessage.js'
import type { VerifyBundleOptions } from './VerifyBundleOptions.js'

export type VerifyClaimsParameters = {
  origin: number
  /** From a header already checked against the block hash. */
  receiptsRoot: Hex
  nodes: readonly Uint8Array[]
  /** The part's claims; a claimed id that is not 32 bytes matches nothing. */
  receipts: readonly BundleWireReceipt[]
}

/** A rejected claim, by position: `receipt` indexes the bundle's receipts, `log` that receipt's claimed logs. */
export type ClaimRejection = { code: RelayerErrorCode; reason: string; receipt: number; log: number }

export type VerifyClaimsReturnType = { verified: PackedVerification; rejected: ClaimRejection[] }

type Pending = { receipt: number; log: number; outcome: DispatchedMessage }

/**
 * The per-message half of `verifyBundle`: proves every claimed
 * receipt against `receiptsRoot` (each shared trie node hashed once), reads
 * each claimed log, hashes every candidate message in one batched call, then
 * applies the remaining checks in claim order. Rejections come out in claim
 * order with the reasons the reference decoders give.
 */
export function verifyClaims(p: VerifyClaimsParameters, opts: VerifyBundleOptions): VerifyClaimsReturnType {
  const rejected: ClaimRejection[] = []
  const pending = readClaims(p, opts, rejected)
  const candidates: Uint8Array[] = []
  for (const entry of pending) if ('message' in entry.outcome) candidates.push(entry.outcome.message)
  const digests = keccak256Batch(candidates)
  const verified: VerifiedMessagesInput = {
    messages: [],
    digests,
    digestAt: [],
    txHashes: [],
    logIndexes: [],
    traceparents: [],
  }
  let candidate = 0
  for (const entry of pending) {
    const claim = p.receipts[entry.receipt] as BundleWireReceipt // reason: readClaims indexes p.receipts
    const log = claim.logs[entry.log] as BundleWireLog // reason: as above
    const { outcome } = entry
    const digestAt = 'code' in outcome ? -1 : candidate++
    const failure = 'code' in outcome ? outcome : checkMessage(p.origin, outcome, digests, 32 * digestAt, log, opts)
    if (failure) rejected.push({ code: failure.code, reason: failure.reason, receipt: entry.receipt, log: entry.log })
    else if ('message' in outcome) pushVerified(verified, outcome.message, digestAt, claim, log)
  }
  // Proof failures were recorded first; put every rejection back in claim order.
  rejected.sort((a, b) => a.receipt - b.receipt || a.log - b.log)
  return { verified: packVerified(verified), rejected }
}

function pushVerified(
  v: VerifiedMessagesInput,
  message: Uint8Array,
  digestAt: number,
  claim: BundleWireReceipt,
  log: BundleWireLog,
): void {
  v.messages.push(message)
  v.digestAt.push(digestAt)
  v.txHashes.push(claim.txHash)
  v.logIndexes.push(log.logIndex)
  v.traceparents.push(log.traceparent)
}

function readClaims(p: VerifyClaimsParameters, opts: VerifyBundleOptions, rejected: ClaimRejection[]): Pending[] {
  const reject = (receipt: number, code: RelayerErrorCode, reason: string) =>
    // reason: receipt < length
    (p.receipts[receipt] as BundleWireReceipt).logs.forEach((_, log) => rejected.push({ code, reason, receipt, log }))
  const provable: number[] = []
  p.receipts.forEach((claim, i) => {
    const missing = claim.proof.find((n) => p.nodes[n] === undefined)
    if (missing === undefined) provable.push(i)
    else reject(i, 'RECEIPT_PROOF_INVALID', `RECEIPT_PROOF_INVALID: proof references missing node ${missing}`)
  })
  const proven = verifyReceiptProofs({
    receiptsRoot: p.receiptsRoot,
    nodes: p.nodes,
    claims: provable.map((i) => p.receipts[i] as BundleWireReceipt), // reason: i < length
  })
  const outbox = opts.outbox === opts.outbox.toLowerCase() ? tryHexToBytes(opts.outbox) : undefined
  const maxPayloadBytes = payloadLimit(opts.maxPayloadBytes)
  const pending: Pending[] = []
  provable.forEach((receiptAt, k) => {
    const receiptBytes = proven[k] as Uint8Array | Error // reason: one result per claim
    if (!(receiptBytes instanceof Uint8Array))
      return reject(receiptAt, 'RECEIPT_PROOF_INVALID', describeError(receiptBytes))
    const receipt = decodeOnce(receiptBytes)
    ;(p.receipts[receiptAt] as BundleWireReceipt).logs.forEach((log, logAt) => {
      // reason: receiptAt < length
      const outcome = readDispatchedMessage({
        receipt,
        receiptBytes,
        logIndex: log.logIndex,
        outbox,
        maxPayloadBytes,
        configuredMaxPayloadBytes: opts.maxPayloadBytes,
      })
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

type Failure = { code: RelayerErrorCode; reason: string }

const digestHex = (digests: Uint8Array, at: number) => bytesToHex(digests.subarray(at, at + 32))

/** The checks after hashing, on the digest in place (`digests` at `at`); undefined when the message passes. */
function checkMessage(
  origin: number,
  d: { message: Uint8Array; indexedId: Uint8Array; destination: number },
  digests: Uint8Array,
  at: number,
  log: BundleWireLog,
  opts: VerifyBundleOptions,
): Failure | undefined {
  if (!equalAt(digests, at, d.indexedId))
    return {
      code: 'MESSAGE_ID_MISMATCH',
      reason: `indexed id ${bytesToHex(d.indexedId)} != keccak(message) ${digestHex(digests, at)}`,
    }
  const view = new DataView(d.message.buffer, d.message.byteOffset, d.message.byteLength)
  const messageOrigin = view.getUint32(9)
  if (messageOrigin !== origin)
    return { code: 'WRONG_ORIGIN', reason: `message origin ${messageOrigin} on chain ${origin}` }
  const destination = view.getUint32(45)
  if (destination !== d.destination || !opts.destinations.has(destination)) {
    return { code: 'UNKNOWN_ROUTE', reason: `destination ${destination} is not a configured route` }
  }
  if (!equalAt(digests, at, log.messageId)) {
    return {
      code: 'MESSAGE_ID_MISMATCH',
      reason: `watcher claimed ${bytesToHex(log.messageId)}, log carries ${digestHex(digests, at)}`,
    }
  }
  return undefined
}

/** Whether the 32 bytes of `digests` at `at` are `id`. */
function equalAt(digests: Uint8Array, at: number, id: Uint8Array): boolean {
  if (id.length !== 32) return false
  for (let i = 0; i < 32; i++) if (digests[at + i] !== id[i]) return false
  return true
}
