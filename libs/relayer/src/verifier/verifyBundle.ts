import { decodeMessage, hexToBytes, messageId, ProtocolError, type Message } from '@relaymesh/protocol'
import { decodeBlockHeader, decodeDispatchLog, getLog, ReceiptProofError, verifyReceiptProof } from '@relaymesh/receipt-proof'
import type { Hex } from 'viem'
import type { ClaimedReceipt, SourceBundle } from '../bundle/SourceBundle.js'
import { RelayerError, type RelayerErrorCode } from '../RelayerError.js'

export type VerifyBundleOptions = {
  /** Lower-case address of the Outbox this relayer trusts on the bundle's origin. */
  outbox: Hex
  /** Destinations this relayer settles to; others are `UNKNOWN_ROUTE`. */
  destinations: ReadonlySet<number>
  maxPayloadBytes: number
}

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
  verified: VerifiedMessage[]
  rejected: RejectedClaim[]
}

/**
 * Verifies one source bundle from scratch (libs/relayer/DESIGN.md,
 * "Verification"): the header hashes to the claimed block hash; each receipt
 * proof holds against the header's receiptsRoot; each claimed log is the
 * configured Outbox's `Dispatch` and carries a well-formed message for a
 * configured route. Finality is checked by the caller (it needs IO). Pure and
 * synchronous: it runs in the verifier's worker threads.
 *
 * @throws RelayerError `BUNDLE_MALFORMED` or `HEADER_HASH_MISMATCH`: the whole bundle is rejected.
 */
export function verifyBundle(bundle: SourceBundle, opts: VerifyBundleOptions): VerifyBundleReturnType {
  const header = decodeHeader(bundle)
  const nodes = decodeNodes(bundle)
  const result: VerifyBundleReturnType = {
    blockNumber: header.number,
    blockHash: header.hash,
    receiptsRoot: header.receiptsRoot,
    verified: [],
    rejected: [],
  }
  for (const claim of bundle.receipts) verifyReceipt(bundle, claim, nodes, header.receiptsRoot, opts, result)
  return result
}

function decodeHeader(bundle: SourceBundle): { number: bigint; hash: Hex; receiptsRoot: Hex } {
  let header: ReturnType<typeof decodeBlockHeader>
  try {
    header = decodeBlockHeader(hexToBytes(bundle.header, 'header'))
  } catch (cause) {
    throw new RelayerError('Bundle header is not a block header', { code: 'BUNDLE_MALFORMED', cause })
  }
  if (header.hash !== bundle.blockHash.toLowerCase()) {
    throw new RelayerError('Header does not hash to the claimed block hash', {
      code: 'HEADER_HASH_MISMATCH',
      meta: { claimed: bundle.blockHash, actual: header.hash },
    })
  }
  if (header.number !== BigInt(bundle.blockNumber) || header.parentHash !== bundle.parentHash.toLowerCase()) {
    throw new RelayerError('Bundle number or parent hash disagree with its header', { code: 'BUNDLE_MALFORMED' })
  }
  return { number: header.number, hash: header.hash, receiptsRoot: header.receiptsRoot }
}

function decodeNodes(bundle: SourceBundle): Uint8Array[] {
  try {
    return bundle.nodes.map((node) => hexToBytes(node, 'proof node'))
  } catch (cause) {
    throw new RelayerError('Bundle proof nodes are not hex', { code: 'BUNDLE_MALFORMED', cause })
  }
}

function verifyReceipt(
  bundle: SourceBundle,
  claim: ClaimedReceipt,
  nodes: Uint8Array[],
  receiptsRoot: Hex,
  opts: VerifyBundleOptions,
  out: VerifyBundleReturnType,
): void {
  const reject = (code: RelayerErrorCode, reason: string, log?: ClaimedReceipt['logs'][number]) =>
    out.rejected.push({ code, reason, messageId: log?.messageId, txHash: claim.txHash, logIndex: log?.logIndex, traceparent: log?.traceparent })
  let receipt: Uint8Array
  try {
    const proof = claim.proof.map((i) => {
      const node = nodes[i]
      if (node === undefined) throw new RelayerError(`proof references missing node ${i}`, { code: 'RECEIPT_PROOF_INVALID' })
      return node
    })
    receipt = verifyReceiptProof({ receiptsRoot, txIndex: claim.txIndex, proof })
  } catch (error) {
    for (const log of claim.logs) reject('RECEIPT_PROOF_INVALID', describe(error), log)
    return
  }
  for (const log of claim.logs) {
    const outcome = verifyLog(bundle, receipt, log.logIndex, opts)
    if ('code' in outcome) reject(outcome.code, outcome.reason, log)
    else if (outcome.id !== log.messageId.toLowerCase()) reject('MESSAGE_ID_MISMATCH', `watcher claimed ${log.messageId}, log carries ${outcome.id}`, log)
    else out.verified.push({ ...outcome, txHash: claim.txHash, txIndex: claim.txIndex, logIndex: log.logIndex, traceparent: log.traceparent })
  }
}

type LogOutcome = { code: RelayerErrorCode; reason: string } | { id: Hex; message: Message; encoded: Uint8Array }

function verifyLog(bundle: SourceBundle, receipt: Uint8Array, logIndex: number, opts: VerifyBundleOptions): LogOutcome {
  let log: ReturnType<typeof getLog>
  try {
    log = getLog(receipt, logIndex)
  } catch (error) {
    return { code: 'LOG_NOT_FOUND', reason: describe(error) }
  }
  if (log.address.toLowerCase() !== opts.outbox) return { code: 'WRONG_OUTBOX', reason: `log emitted by ${log.address}` }
  let dispatch: ReturnType<typeof decodeDispatchLog>
  try {
    dispatch = decodeDispatchLog(log)
  } catch (error) {
    return { code: 'NOT_DISPATCH_EVENT', reason: describe(error) }
  }
  let message: Message
  try {
    message = decodeMessage(dispatch.message, { maxPayloadBytes: opts.maxPayloadBytes })
  } catch (error) {
    const tooLarge = error instanceof ProtocolError && error.code === 'MESSAGE_PAYLOAD_TOO_LARGE'
    return { code: tooLarge ? 'PAYLOAD_TOO_LARGE' : 'MESSAGE_MALFORMED', reason: describe(error) }
  }
  const id = messageId(dispatch.message)
  if (id !== dispatch.id) return { code: 'MESSAGE_ID_MISMATCH', reason: `indexed id ${dispatch.id} != keccak(message) ${id}` }
  if (message.origin !== bundle.origin) return { code: 'WRONG_ORIGIN', reason: `message origin ${message.origin} on chain ${bundle.origin}` }
  if (message.destination !== dispatch.destination || !opts.destinations.has(message.destination)) {
    return { code: 'UNKNOWN_ROUTE', reason: `destination ${message.destination} is not a configured route` }
  }
  return { id, message, encoded: dispatch.message }
}

function describe(error: unknown): string {
  if (error instanceof RelayerError || error instanceof ReceiptProofError || error instanceof ProtocolError) return `${error.code}: ${error.shortMessage}`
  return error instanceof Error ? error.message : String(error)
}
