import { bytesToHex } from '@relaymesh/protocol'
import type { ParliaFeederOptions } from './ParliaFeederDeps.js'
import type { ParliaRun } from './readParliaRun.js'
import type { FeederCursor } from './rewindFeederCursor.js'

/**
 * The run of headers a Parlia feeder reads next: after its cursor (or from `feedFrom`), at most `headersPerMessage`,
 * up to the node's head, linked to the cursor's hash when it has one (a rewound cursor has none). None when the
 * feeder is at the head.
 *
 * @example
 * decideFeederRun({ cursor: { blockNumber: 9n, blockHash: null }, head: 100n }, opts) // { from: 10n, to: 73n, ... }
 */
export function decideFeederRun(
  state: { cursor: FeederCursor | null; head: bigint },
  opts: Pick<ParliaFeederOptions, 'origin' | 'chainId' | 'feedFrom' | 'headersPerMessage'>,
): ParliaRun | undefined {
  const { cursor, head } = state
  const from = cursor ? cursor.blockNumber + 1n : opts.feedFrom
  if (from > head) return undefined
  const end = from + BigInt(opts.headersPerMessage) - 1n
  const parentHash = cursor?.blockHash ? bytesToHex(cursor.blockHash) : undefined
  return { origin: opts.origin, chainId: opts.chainId, from, to: head < end ? head : end, parentHash }
}
