import type { ReasonCode } from '@relaymesh/errors'
import { insertBundle, recordRejections, type RejectionInput, type StoreDb } from '@relaymesh/store'
import type { BundleWireHead } from '../bundle/BundleWire.js'
import type { BundleClaim, VerifiedBundle } from './SourceChain.js'

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

/**
 * Stores one verified bundle part of any source: the block and its verified messages in one statement, the
 * rejections beside them. Rejected claims never become message rows: their content is unproven, and a forged claim
 * must not squat on an id a genuine message will use. An id already known on a first delivery is a replay and is
 * recorded as `REPLAYED_MESSAGE`; the stored message is untouched.
 */
export async function persistVerification(
  db: StoreDb,
  p: { bundle: VerifiedBundle; firstDelivery: boolean },
): Promise<PersistVerificationReturnType> {
  const { bundle } = p
  const { origin, where } = bundle
  const blockHash = bundle.block.hash
  const stored = await insertBundle(db, {
    block: { origin, ...bundle.block, state: 'verified' },
    verification: bundle.verification,
    messages: bundle.messages, // the worker's columns, sent as they are
    observedAt: new Date(bundle.observedAt),
  })
  const rejections: RejectionInput[] = bundle.refused.map((r) => ({
    stage: 'verify',
    reasonCode: r.code,
    details: { reason: r.reason, ...r.details, ...where },
    messageId: r.messageId,
    origin,
    blockHash,
  }))
  if (p.firstDelivery) {
    for (const id of stored.known)
      rejections.push({
        stage: 'verify',
        reasonCode: 'REPLAYED_MESSAGE',
        details: where,
        messageId: id,
        origin,
        blockHash,
      })
  }
  await recordRejections(db, rejections)
  const destinations = new Map<number, number>()
  for (const d of bundle.messages.destinations) destinations.set(d, (destinations.get(d) ?? 0) + 1)
  return {
    inserted: stored.inserted.length,
    insertedIds: stored.inserted,
    known: stored.known.length,
    knownIds: stored.known,
    rejected: rejections.length,
    destinations,
  }
}

export type RejectBundleParameters = {
  head: BundleWireHead
  claims: readonly BundleClaim[]
  where: Record<string, unknown>
  code: ReasonCode
  reason: string
}

/**
 * Records a whole part's rejection (header, finality, commitment or decoding failure) against each message it claimed.
 */
export async function rejectBundle(db: StoreDb, p: RejectBundleParameters): Promise<void> {
  const rows: RejectionInput[] = (p.claims.length > 0 ? p.claims : [undefined]).map((claim) => ({
    stage: 'verify',
    reasonCode: p.code,
    // scope: the trace keeper roots a claim refused with its whole bundle once it is sure it is not coming back.
    details: { scope: 'bundle', reason: p.reason, ...p.where, ...claim?.details },
    messageId: claim?.messageId.length === 32 ? claim.messageId : null,
    origin: p.head.origin,
    blockHash: p.head.blockHash,
  }))
  await recordRejections(db, rows)
}
