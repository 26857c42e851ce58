import { openServiceContext, runServices, stopOnSignals } from '@relaymesh/service-runtime'
import { readConfig } from './config.js'

/**
 * `relaymesh batcher`: seals batches of verified messages and co-signs the other relayers' proposals, with the
 * relayer key. Reads its config, builds its context (Postgres, NATS, chains, telemetry), runs, and stops cleanly
 * on SIGTERM or SIGINT, or when the parent that spawned it is gone. See libs/relayer/DESIGN.md.
 */
export async function main(): Promise<void> {
  const config = readConfig()
  const stop = new AbortController()
  const release = stopOnSignals(stop, { exitWithParent: config.exitWithParent })
  try {
    const ctx = await openServiceContext({ name: 'batcher', services: ['batcher'], config, signal: stop.signal })
    if (!ctx) return
    await runServices(ctx, {
      name: 'batcher',
      services: ['batcher'],
      config,
      healthPort: config.healthPort,
      signal: stop.signal,
    })
  } finally {
    release()
  }
}
