import type { RejectionInput } from '@relaymesh/store'
import type { VerifiedBundle } from './SourceChain.js'

/**
 * The rejection rows of a verified part: each claim the source refused with its code, and on a first delivery
 * (`isFirstDelivery`) each id the store already held as `REPLAYED_MESSAGE` (the stored message is untouched). A
 * redelivered part finds its own earlier insert, which is no replay.
 *
 * @example
 * const rows = verificationRejections({ bundle, knownIds: stored.known, firstDelivery: true })
 */
export function verificationRejections(p: {
  bundle: VerifiedBundle
  knownIds: readonly Uint8Array[]
  firstDelivery: boolean
}): RejectionInput[] {
  const { origin, where } = p.bundle
  const blockHash = p.bundle.block.hash
  const rows: RejectionInput[] = p.bundle.refused.map((r) => ({
    stage: 'verify',
    reasonCode: r.code,
    details: { reason: r.reason, ...r.details, ...where },
    messageId: r.messageId,
    origin,
    blockHash,
  }))
  if (!p.firstDelivery) return rows
  for (const id of p.knownIds)
    rows.push({ stage: 'verify', reasonCode: 'REPLAYED_MESSAGE', details: where, messageId: id, origin, blockHash })
  return rows
}
