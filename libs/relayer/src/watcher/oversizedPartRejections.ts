import { hexToBytes } from '@relaymesh/protocol'
import type { RejectionInput } from '@relaymesh/store'
import type { RelayerErrorCode } from '../RelayerError.js'
import type { BlockBundleWire } from './buildBlockBundleWires.js'
import type { EvmWatcherOptions } from './EvmWatcherDeps.js'

/**
 * A block's parts split into those a bus message carries and those it cannot. `splitBundle` only lets a part outgrow
 * the budget when it holds a single receipt larger than the budget: no split can carry that proof, and retrying it
 * would stall the whole chain behind one transaction, so its messages are rejected (`RECEIPT_TOO_LARGE`) instead.
 *
 * @example
 * const { fit, rejections } = oversizedPartRejections(parts, opts)
 */
export function oversizedPartRejections(
  parts: readonly BlockBundleWire[],
  opts: Pick<EvmWatcherOptions, 'maxBundleBytes'>,
): { fit: BlockBundleWire[]; oversized: BlockBundleWire[]; rejections: RejectionInput[] } {
  const limit = opts.maxBundleBytes
  const fit = parts.filter((part) => part.bytes.length <= limit)
  const oversized = parts.filter((part) => part.bytes.length > limit)
  const reasonCode: RelayerErrorCode = 'RECEIPT_TOO_LARGE'
  const rejections = oversized.flatMap((part) => {
    const details = {
      origin: part.origin,
      blockNumber: part.blockNumber,
      blockHash: part.blockHash,
      bytes: part.bytes.length,
      limit,
    }
    const blockHash = hexToBytes(part.blockHash)
    return part.messageIds.map((messageId) => ({
      stage: 'watch',
      reasonCode,
      details,
      messageId,
      origin: part.origin,
      blockHash,
    }))
  })
  return { fit, oversized, rejections }
}
