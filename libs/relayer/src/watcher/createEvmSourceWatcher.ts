import type { RelayerContext } from '../context/createRelayerContext.js'
import type { SourceWatcher } from './SourceWatcher.js'
import { startWatcher, type StartWatcherParameters } from './startWatcher.js'

/** Limits of an EVM source watcher's bundles; the defaults are `startWatcher`'s. */
export type EvmSourceWatcherOptions = Pick<StartWatcherParameters, 'maxBundleBytes' | 'maxReorgDepth'>

/**
 * The EVM source chains (Ethereum, BSC) as the watcher sees them: each origin's watcher is `startWatcher` (blocks at
 * the origin's finality, read through its ranked endpoints, with the finality feeders, re-reads and re-observation
 * beside it).
 *
 * @example
 * const { done } = createEvmSourceWatcher(ctx).watch({ origin: 31337, signal })
 */
export function createEvmSourceWatcher(ctx: RelayerContext, opts: EvmSourceWatcherOptions = {}): SourceWatcher {
  return { watch: (p) => startWatcher(ctx, { ...opts, ...p }) }
}
