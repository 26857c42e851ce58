import type { ReasonCode } from '@relaymesh/errors'
import type { RejectionInput } from '@relaymesh/store'
import type { BundleWireHead } from '../bundle/BundleWire.js'
import type { BundleClaim } from './SourceChain.js'

export type BundleRejectionsParameters = {
  head: Pick<BundleWireHead, 'origin' | 'blockHash'>
  claims: readonly BundleClaim[]
  where: Record<string, unknown>
  code: ReasonCode
  reason: string
}

/**
 * The rows of a part refused whole (header, finality, commitment or decoding failure): one per claim with the
 * part's code, or one with no message when it claimed none (so the refusal is still seen). A claimed id that is not
 * 32 bytes is not stored as one.
 *
 * @example
 * await recordRejections(db, bundleRejections({ head, claims, where, code: 'BLOCK_NOT_CANONICAL', reason }))
 */
export function bundleRejections(p: BundleRejectionsParameters): RejectionInput[] {
  return (p.claims.length > 0 ? p.claims : [undefined]).map((claim) => ({
    stage: 'verify',
    reasonCode: p.code,
    // scope: the trace keeper roots a claim refused with its whole bundle once it is sure it is not coming back.
    details: { scope: 'bundle', reason: p.reason, ...p.where, ...claim?.details },
    messageId: claim?.messageId.length === 32 ? claim.messageId : null,
    origin: p.head.origin,
    blockHash: p.head.blockHash,
  }))
}
