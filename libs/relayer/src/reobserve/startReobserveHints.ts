import { runLoop } from '../loop/runLoop.js'
import { buildReobserveHints } from './buildReobserveHints.js'
import type { ReobserveHintsDeps, ReobserveHintsOptions } from './ReobserveHintsDeps.js'

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
 * const { deps, options } = createReobserveHints(ctx)
 * await startReobserveHints(deps, options, { signal })
 */
export function startReobserveHints(
  deps: ReobserveHintsDeps,
  options: ReobserveHintsOptions,
  { signal }: { signal: AbortSignal },
): Promise<void> {
  const intervalMs = Math.max(1_000, Math.floor(options.reobserveAfterMs / 4))
  return runLoop(deps, 'reobserve-hints', { signal, intervalMs }, () => publishReobserveHints(deps, options))
}

/** One round: the stale blocks of every destination, as one hint per origin (`buildReobserveHints`). */
export async function publishReobserveHints(deps: ReobserveHintsDeps, options: ReobserveHintsOptions): Promise<void> {
  const olderThanMs = options.reobserveAfterMs
  const stale = (
    await Promise.all(
      options.destinations.map((destination) => deps.listStaleBlocks({ destination, olderThanMs, limit: STALE_LIMIT })),
    )
  ).flat()
  for (const hint of buildReobserveHints(stale, (origin) => options.origins.has(origin))) deps.publishHint(hint)
}
