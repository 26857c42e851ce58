import { countMessagesByState } from '@relaymesh/store'
import type { RelayerContext } from '../../src/context/createRelayerContext.js'
import { startVerifier } from '../../src/verifier/startVerifier.js'
import type { BlockBundleWire } from '../../src/watcher/buildBlockBundleWires.js'
import type { PipelineBenchOptions } from './PipelineBenchOptions.js'
import { publishAll } from './publishAll.js'

/**
 * Starts the verifier service and waits until it has verified and stored the warm-up bundles: its threads are
 * loaded and their JIT warm when the clock starts, as in a verifier that has been running.
 */
export async function startWarmVerifier(
  o: PipelineBenchOptions,
  ctx: RelayerContext,
  warm: BlockBundleWire[],
): Promise<{ stop(): Promise<void> }> {
  const stop = new AbortController()
  const verifier = startVerifier(ctx, {
    signal: stop.signal,
    threads: o.threads,
    finality: { check: async () => ({ status: 'final', verification: 'confirmations' }) },
  })
  await publishAll(ctx, o.origin, warm)
  const expected = warm.reduce((n, w) => n + w.messageCount, 0)
  while ((await countMessagesByState(ctx.db, { destination: o.warmDestination })).verified < expected)
    await new Promise((r) => setTimeout(r, 50))
  return { stop: () => (stop.abort(), verifier.done) }
}
