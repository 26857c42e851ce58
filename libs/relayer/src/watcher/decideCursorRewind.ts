import type { Hex } from 'viem'
import type { EvmWatcherOptions, WatcherCursor } from './EvmWatcherDeps.js'

/**
 * Whether the cursor block is still canonical, from the hash the chain now has at its height (none: the node has no
 * block there): the cursor as it is, or rewound by `maxReorgDepth` (to -1, before genesis, when it is shallower) with
 * no hash, so the range after it is read and published again. A reorg below the finality depth; the verifier's own
 * finality check refuses the orphaned blocks already published.
 *
 * @example
 * decideCursorRewind({ cursor: { number: 100n, hash: '0xaa' }, canonicalHash: '0xbb' }, { maxReorgDepth: 64 })
 * // { rewound: true, cursor: { number: 36n, hash: undefined } }
 */
export function decideCursorRewind(
  state: { cursor: { number: bigint; hash: Hex }; canonicalHash: Hex | undefined },
  opts: Pick<EvmWatcherOptions, 'maxReorgDepth'>,
): { rewound: false; cursor: WatcherCursor } | { rewound: true; cursor: WatcherCursor } {
  const { cursor, canonicalHash } = state
  if (canonicalHash !== undefined && canonicalHash.toLowerCase() === cursor.hash.toLowerCase())
    return { rewound: false, cursor }
  const depth = BigInt(opts.maxReorgDepth)
  return { rewound: true, cursor: { number: cursor.number > depth ? cursor.number - depth : -1n, hash: undefined } }
}
