import type { BundleSource } from '../bundle/BundleWire.js'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { planSourceWatchers } from './planSourceWatchers.js'
import type { SourceWatcher } from './SourceWatcher.js'

/**
 * Each kind's watcher, imported when a process watches an origin of that kind: a process watching EVM chains only
 * never loads the Solana client.
 */
const SOURCE_WATCHERS: Record<BundleSource, (ctx: RelayerContext) => Promise<SourceWatcher>> = {
  evm: async (ctx) => (await import('./createEvmSourceWatcher.js')).createEvmSourceWatcher(ctx),
  solana: async (ctx) => (await import('../solana/createSolanaSourceWatcher.js')).createSolanaSourceWatcher(ctx),
}

/** One origin a watcher process watches, and the watcher of its kind. */
export type LoadedSourceWatcher = { origin: number; watcher: SourceWatcher }

/**
 * The watcher service's source chains: the origins `origins` names (default every configured source chain), each
 * with the watcher of its kind (`planSourceWatchers`), loaded and ready to start through the one interface. Loading
 * starts nothing, so a caller can load every service's code before it starts any.
 *
 * @example
 * for (const { origin, watcher } of await loadSourceWatchers(ctx, {})) watcher.watch({ origin, signal })
 */
export async function loadSourceWatchers(
  ctx: RelayerContext,
  p: { origins?: readonly number[] },
): Promise<LoadedSourceWatcher[]> {
  const planned = planSourceWatchers(ctx.config, p.origins)
  // Each kind loaded once, however many of its origins are watched.
  const loading = new Map<BundleSource, Promise<SourceWatcher>>()
  const load = (kind: BundleSource) => {
    const loaded = loading.get(kind) ?? SOURCE_WATCHERS[kind](ctx)
    loading.set(kind, loaded)
    return loaded
  }
  return Promise.all(planned.map(async ({ origin, source }) => ({ origin, watcher: await load(source) })))
}
