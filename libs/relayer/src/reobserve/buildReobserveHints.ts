import { bytesToHex } from '@relaymesh/protocol'
import type { StaleUnbatchedBlock } from '@relaymesh/store'
import { REOBSERVE_MAX_BLOCKS, REOBSERVE_MAX_IDS, type ReobserveHint } from './ReobserveHint.js'

/**
 * The hints for a relayer's stale blocks: one per origin the other relayers can read again (EVM origins: a Solana
 * slot is not read back by hash), at most {@link REOBSERVE_MAX_BLOCKS} blocks of {@link REOBSERVE_MAX_IDS} ids each,
 * oldest block first. A block listed for several destinations is named once, with the ids of all of them.
 *
 * @example
 * const hints = buildReobserveHints(stale, (origin) => ctx.chains.has(origin))
 */
export function buildReobserveHints(
  stale: readonly StaleUnbatchedBlock[],
  readable: (origin: number) => boolean,
): ReobserveHint[] {
  const byOrigin = new Map<number, Map<string, ReobserveHint['blocks'][number]>>()
  for (const block of [...stale].sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0))) {
    if (!readable(block.origin)) continue
    const blocks = byOrigin.get(block.origin) ?? new Map<string, ReobserveHint['blocks'][number]>()
    byOrigin.set(block.origin, blocks)
    const hash = bytesToHex(block.hash)
    const entry =
      blocks.get(hash) ?? (blocks.size < REOBSERVE_MAX_BLOCKS ? { number: block.number, hash, ids: [] } : undefined)
    if (!entry) continue
    blocks.set(hash, entry)
    for (const id of block.ids) if (entry.ids.length < REOBSERVE_MAX_IDS) entry.ids.push(bytesToHex(id))
  }
  return [...byOrigin].map(([origin, blocks]) => ({ origin, blocks: [...blocks.values()] }))
}
