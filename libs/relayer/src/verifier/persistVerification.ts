import type { ReasonCode } from '@relaymesh/errors'
import { bytesToHex, hexToBytes } from '@relaymesh/protocol'
import { insertBundle, recordRejections, type RejectionInput, type StoreDb } from '@relaymesh/store'
import type { Hex } from 'viem'
import type { BundleWire, BundleWireHead } from '../bundle/BundleWire.js'
import type { Verification } from '@relaymesh/store'
import type { VerifyBundleReturnType } from './verifyBundle.js'

export type PersistVerificationReturnType = {
  inserted: number
  /** The ids stored by this call (not replays): what happens once per message goes by these. */
  insertedIds: readonly Uint8Array[]
  known: number
  /** The ids that were stored already (a replay, or this bundle redelivered after it was stored). */
  knownIds: readonly Uint8Array[]
  rejected: number
  destinations: Map<number, number>
}

const isId = (hex: string | undefined): hex is Hex => hex !== undefined && /^0x[0-9a-fA-F]{64}$/.test(hex)

/**
 * Stores one verified bundle: the block and its verified messages in one
 * statement, the rejections beside them. Rejected claims never become message
 * rows: their content is unproven, and a forged claim must not squat on an id
 * a genuine message will use. An id already known on a first delivery is a
 * replay and is recorded as `REPLAYED_MESSAGE`; the stored message is untouched.
 */
export async function persistVerification(
  db: StoreDb,
  p: { head: BundleWireHead; result: VerifyBundleReturnType; verification: Verification; firstDelivery: boolean },
): Promise<PersistVerificationReturnType> {
  const { head, result } = p
  const blockHash = hexToBytes(result.blockHash)
  const blockNumber = head.blockNumber.toString()
  const stored = await insertBundle(db, {
    block: {
      origin: head.origin,
      number: result.blockNumber,
      hash: blockHash,
      parentHash: head.parentHash,
      state: 'verified',
    },
    verification: p.verification,
    messages: result.verified, // the worker's columns, sent as they are
    observedAt: new Date(head.observedAt),
  })
  const rejections: RejectionInput[] = result.rejected.map((r) => ({
    stage: 'verify',
    reasonCode: r.code,
    details: { reason: r.reason, txHash: r.txHash, logIndex: r.logIndex, blockNumber },
    messageId: isId(r.messageId) ? hexToBytes(r.messageId) : null,
    origin: head.origin,
    blockHash,
  }))
  if (p.firstDelivery) {
    for (const id of stored.known) {
      rejections.push({
        stage: 'verify',
        reasonCode: 'REPLAYED_MESSAGE',
        details: { blockNumber },
        messageId: id,
        origin: head.origin,
        blockHash,
      })
    }
  }
  await recordRejections(db, rejections)
  const destinations = new Map<number, number>()
  for (const d of result.verified.destinations) destinations.set(d, (destinations.get(d) ?? 0) + 1)
  return {
    inserted: stored.inserted.length,
    insertedIds: stored.inserted,
    known: stored.known.length,
    knownIds: stored.known,
    rejected: rejections.length,
    destinations,
  }
}

/** Records a whole bundle's rejection (header, finality or decoding failure) against each message it claimed. */
export async function rejectBundle(db: StoreDb, bundle: BundleWire, code: ReasonCode, reason: string): Promise<void> {
  const claims = bundle.receipts.flatMap((r) =>
    r.logs.map((l) => ({ txHash: bytesToHex(r.txHash), logIndex: l.logIndex, messageId: l.messageId })),
  )
  const rows: RejectionInput[] = (claims.length > 0 ? claims : [undefined]).map((claim) => ({
    stage: 'verify',
    reasonCode: code,
    // scope: the trace keeper roots a claim refused with its whole bundle once it is sure it is not coming back.
    details: {
      scope: 'bundle',
      reason,
      blockNumber: bundle.blockNumber.toString(),
      txHash: claim?.txHash,
      logIndex: claim?.logIndex,
    },
    messageId: claim?.messageId.length === 32 ? claim.messageId : null,
    origin: bundle.origin,
    blockHash: bundle.blockHash,
  }))
  await recordRejections(db, rows)
}
