import { hexToBytes } from '@relaymesh/protocol'
import { insertBundle, recordRejections, type BundleMessage, type RejectionInput, type StoreDb } from '@relaymesh/store'
import type { Hex } from 'viem'
import type { SourceBundle, Verification } from '../bundle/SourceBundle.js'
import type { VerifyBundleReturnType } from './verifyBundle.js'

export type PersistVerificationReturnType = { inserted: number; known: number; rejected: number; destinations: Map<number, number> }

/**
 * Stores one verified bundle: the block and its verified messages in one
 * statement, the rejections beside them. Rejected claims never become message
 * rows: their content is unproven, and a forged claim must not squat on an id
 * a genuine message will use. An id already known on a first delivery is a
 * replay and is recorded as `REPLAYED_MESSAGE`; the stored message is untouched.
 */
export async function persistVerification(
  db: StoreDb,
  p: { bundle: SourceBundle; result: VerifyBundleReturnType; verification: Verification; firstDelivery: boolean },
): Promise<PersistVerificationReturnType> {
  const { bundle, result } = p
  const blockHash = hexToBytes(result.blockHash)
  const messages: BundleMessage[] = result.verified.map((v) => ({
    id: hexToBytes(v.id),
    destination: v.message.destination,
    nonce: v.message.nonce,
    sender: hexToBytes(v.message.sender),
    recipient: hexToBytes(v.message.recipient),
    payload: hexToBytes(v.message.payload),
    sourceTxHash: hexToBytes(v.txHash),
    logIndex: v.logIndex,
    state: 'verified',
    traceparent: v.traceparent ?? null,
  }))
  const stored = await insertBundle(db, {
    block: { origin: bundle.origin, number: result.blockNumber, hash: blockHash, parentHash: hexToBytes(bundle.parentHash), state: 'verified' },
    verification: p.verification,
    messages,
    observedAt: new Date(bundle.observedAt),
  })
  const rejections: RejectionInput[] = result.rejected.map((r) => ({
    stage: 'verify',
    reasonCode: r.code,
    details: { reason: r.reason, txHash: r.txHash, logIndex: r.logIndex, blockNumber: bundle.blockNumber },
    messageId: r.messageId && /^0x[0-9a-fA-F]{64}$/.test(r.messageId) ? hexToBytes(r.messageId) : null,
    origin: bundle.origin,
    blockHash,
  }))
  if (p.firstDelivery) {
    for (const id of stored.known) {
      rejections.push({ stage: 'verify', reasonCode: 'REPLAYED_MESSAGE', details: { blockNumber: bundle.blockNumber }, messageId: id, origin: bundle.origin, blockHash })
    }
  }
  await recordRejections(db, rejections)
  const destinations = new Map<number, number>()
  for (const v of result.verified) destinations.set(v.message.destination, (destinations.get(v.message.destination) ?? 0) + 1)
  return { inserted: stored.inserted.length, known: stored.known.length, rejected: rejections.length, destinations }
}

/** Records a whole bundle's rejection (header, finality or decoding failure) against each message it claimed. */
export async function rejectBundle(db: StoreDb, bundle: SourceBundle, code: string, reason: string): Promise<void> {
  const blockHash = /^0x[0-9a-fA-F]{64}$/.test(bundle.blockHash) ? hexToBytes(bundle.blockHash) : null
  const claims = bundle.receipts.flatMap((r) => r.logs.map((l) => ({ txHash: r.txHash, ...l })))
  const rows: RejectionInput[] = (claims.length > 0 ? claims : [undefined]).map((claim) => ({
    stage: 'verify',
    reasonCode: code,
    details: { reason, blockNumber: bundle.blockNumber, txHash: claim?.txHash, logIndex: claim?.logIndex },
    messageId: claim && /^0x[0-9a-fA-F]{64}$/.test(claim.messageId) ? hexToBytes(claim.messageId as Hex) : null,
    origin: bundle.origin,
    blockHash,
  }))
  await recordRejections(db, rows)
}
