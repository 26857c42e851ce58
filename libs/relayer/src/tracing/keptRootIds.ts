import { storedFromBlock, type StoreDb } from '@relaymesh/store'
import { isMessageTraceKeeper } from './isMessageTraceKeeper.js'
import type { TraceKeeperConfig } from './recordKeptMessageRoots.js'

export type KeptRootIdsParameters = {
  /** Ids the database stored for the first time from this bundle. */
  inserted: readonly Uint8Array[]
  /** Ids of the bundle the database held already. */
  known: readonly Uint8Array[]
  origin: number
  blockHash: Uint8Array
}

/**
 * The ids whose `relaymesh.message` root the trace keeper exports for this
 * delivery of a bundle: those stored for the first time, and those stored
 * before from this very block. The latter is a redelivery (or a republished
 * block) of a bundle the keeper stored and may have been killed before its
 * exporter sent the roots; exporting them again is harmless, as a copy is the
 * same span to the byte. A known id first stored from another block is a
 * replay, whose root (at that block's time) is not this bundle's to export.
 * One query, only on the keeper and only when the bundle held known ids.
 *
 * @example
 * const stored = await keptRootIds(ctx, { inserted: s.insertedIds, known: s.knownIds, origin, blockHash })
 */
export async function keptRootIds(
  ctx: { db: StoreDb; config: TraceKeeperConfig },
  p: KeptRootIdsParameters,
): Promise<readonly Uint8Array[]> {
  if (p.known.length === 0 || !isMessageTraceKeeper(ctx.config)) return p.inserted
  return [...p.inserted, ...(await storedFromBlock(ctx.db, { ids: p.known, origin: p.origin, blockHash: p.blockHash }))]
}
