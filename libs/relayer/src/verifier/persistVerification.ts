import { insertBundle, recordRejections, type StoreDb } from '@relaymesh/store'
import { countByDestination } from './countByDestination.js'
import { bundleRejections, type BundleRejectionsParameters } from './bundleRejections.js'
import type { VerifiedBundle } from './SourceChain.js'
import { verificationRejections } from './verificationRejections.js'

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
  const { origin } = bundle
  const stored = await insertBundle(db, {
    block: { origin, ...bundle.block, state: 'verified' },
    verification: bundle.verification,
    messages: bundle.messages, // the worker's columns, sent as they are
    observedAt: new Date(bundle.observedAt),
  })
  const rejections = verificationRejections({ bundle, knownIds: stored.known, firstDelivery: p.firstDelivery })
  await recordRejections(db, rejections)
  return {
    inserted: stored.inserted.length,
    insertedIds: stored.inserted,
    known: stored.known.length,
    knownIds: stored.known,
    rejected: rejections.length,
    destinations: countByDestination(bundle.messages.destinations),
  }
}

export type RejectBundleParameters = BundleRejectionsParameters

/**
 * Records a whole part's rejection (header, finality, commitment or decoding failure) against each message it claimed.
 */
export async function rejectBundle(db: StoreDb, p: RejectBundleParameters): Promise<void> {
  await recordRejections(db, bundleRejections(p))
}
