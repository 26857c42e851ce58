import { decodeBlockHeader } from '@relaymesh/receipt-proof'
import type { Hex } from 'viem'
import { RelayerError } from '../RelayerError.js'

export type CheckBundleHeaderParameters = {
  /** The header RLP; undefined when the bundle's header field was not even bytes. */
  header: Uint8Array | undefined
  /** Claimed block hash, parent hash and number (hashes compared lower-case). */
  blockHash: string
  parentHash: string
  blockNumber: bigint
}

/** `timestamp`: the block's, in seconds. */
export type CheckBundleHeaderReturnType = { number: bigint; hash: Hex; receiptsRoot: Hex; timestamp: bigint }

/**
 * The whole-bundle half of `verifyBundle`: the header decodes, hashes to the
 * claimed block hash, and agrees with the claimed number and parent.
 *
 * @throws RelayerError `BUNDLE_MALFORMED` or `HEADER_HASH_MISMATCH`: the whole bundle is rejected.
 */
export function checkBundleHeader(p: CheckBundleHeaderParameters): CheckBundleHeaderReturnType {
  let header: ReturnType<typeof decodeBlockHeader>
  try {
    if (p.header === undefined) throw new RelayerError('header is not hex', { code: 'BUNDLE_MALFORMED' })
    header = decodeBlockHeader(p.header)
  } catch (cause) {
    throw new RelayerError('Bundle header is not a block header', { code: 'BUNDLE_MALFORMED', cause })
  }
  if (header.hash !== p.blockHash.toLowerCase()) {
    throw new RelayerError('Header does not hash to the claimed block hash', {
      code: 'HEADER_HASH_MISMATCH',
      meta: { claimed: p.blockHash, actual: header.hash },
    })
  }
  if (header.number !== p.blockNumber || header.parentHash !== p.parentHash.toLowerCase()) {
    throw new RelayerError('Bundle number or parent hash disagree with its header', { code: 'BUNDLE_MALFORMED' })
  }
  return { number: header.number, hash: header.hash, receiptsRoot: header.receiptsRoot, timestamp: header.timestamp }
}
