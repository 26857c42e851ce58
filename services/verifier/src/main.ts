import { openServiceContext, runServices, stopOnSignals } from '@relaymesh/service-runtime'
import { readConfig } from './config.js'

/**
 * `relaymesh verifier`: verifies every message of the bundles the watcher published (header, receipt proof,
 * finality) in a worker pool. Reads its config, builds its context (Postgres, NATS, chains, telemetry), runs, and
 * stops cleanly on SIGTERM or SIGINT, or when the parent that spawned it is gone. See libs/relayer/DESIGN.md.
 */
export async function main(): Promise<void> {
  const config = readConfig()
  const stop = new AbortController()
  const release = stopOnSignals(stop, { exitWithParent: config.exitWithParent })
  try {
    const ctx = await openServiceContext({ name: 'verifier', services: ['verifier'], config, signal: stop.signal })
    if (!ctx) return
    await runServices(ctx, {
      name: 'verifier',
      services: ['verifier'],
      config,
      healthPort: config.healthPort,
      signal: stop.signal,
    })
  } finally {
    release()
  }
}
