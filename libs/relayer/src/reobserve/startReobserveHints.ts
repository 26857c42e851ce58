import { listStaleUnbatchedBlocks } from '@relaymesh/store'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { runLoop } from '../loop/runLoop.js'
import { buildReobserveHints } from './buildReobserveHints.js'
import { reobserveHintCodec } from './ReobserveHint.js'

/** Stale messages looked at per destination and round (oldest first). */
const STALE_LIMIT = 256

/**
 * Names, every quarter of `batch.reobserveAfterMs`, the source blocks of the messages this relayer verified more than
 * `batch.reobserveAfterMs` ago that are still in no batch, to every relayer (core NATS,
 * `catalogue.subjects.reobserve`). A message waits that long when its destination's proposer never proposes it: if the
 * proposer's watcher passed the block without its messages being stored, nothing else would ever bring them back.
 * Costs one indexed query per destination and round; hints are a few KB.
 *
 * @example
 * await startReobserveHints(ctx, { signal })
 */
export function startReobserveHints(ctx: RelayerContext, { signal }: { signal: AbortSignal }): Promise<void> {
  const afterMs = ctx.config.batch.reobserveAfterMs
  const destinations = ctx.config.chains.map((c) => c.domain)
  return runLoop(ctx, 'reobserve-hints', { signal, intervalMs: Math.max(1_000, Math.floor(afterMs / 4)) }, async () => {
    const stale = (
      await Promise.all(
        destinations.map((destination) =>
          listStaleUnbatchedBlocks(ctx.db, { destination, olderThanMs: afterMs, limit: STALE_LIMIT }),
        ),
      )
    ).flat()
    for (const hint of buildReobserveHints(stale, (origin) => ctx.chains.has(origin))) {
      ctx.bus.nc.publish(ctx.catalogue.subjects.reobserve(String(hint.origin)), reobserveHintCodec.encode(hint))
    }
  })
}
