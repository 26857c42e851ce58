import { bytesToHex } from '@relaymesh/protocol'
import type { Verification } from '@relaymesh/store'
import type { BundleWireHead } from '../bundle/BundleWire.js'
import type { VerifiedBundle } from './SourceChain.js'
import type { VerifyBundleReturnType } from './verifyBundle.js'

/**
 * An EVM part's verification in the shape every source stores (`persistVerification`): the header's block, the
 * worker's columns as they are, each refused claim with its transaction and log.
 *
 * @example
 * await persistVerification(db, { bundle: toVerifiedBundle(head, result, 'light-client'), firstDelivery: true })
 */
export function toVerifiedBundle(
  head: BundleWireHead,
  result: VerifyBundleReturnType,
  verification: Verification,
): VerifiedBundle {
  return {
    origin: head.origin,
    // The head's hash is the header's: `verifyBundle` checked they are equal.
    block: { number: result.blockNumber, hash: head.blockHash, parentHash: head.parentHash },
    verification,
    messages: result.verified,
    refused: result.rejected.map((r) => ({
      code: r.code,
      reason: r.reason,
      messageId: r.messageId.length === 32 ? r.messageId : null,
      details: { txHash: bytesToHex(r.txHash), logIndex: r.logIndex },
    })),
    observedAt: head.observedAt,
    where: { blockNumber: head.blockNumber.toString() },
    sentAt: Number(result.blockTimestamp) * 1000,
  }
}
