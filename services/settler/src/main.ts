import { openServiceContext, runServices, stopOnSignals } from '@relaymesh/service-runtime'
import { readConfig } from './config.js'

/**
 * `relaymesh settler`: submits co-signed batches, executes their messages and follows the inbox, under the signer
 * lease of the relayer key. Reads its config, builds its context (Postgres, NATS, chains, telemetry), runs, and
 * stops cleanly on SIGTERM or SIGINT, or when the parent that spawned it is gone. See libs/relayer/DESIGN.md.
 */
export async function main(): Promise<void> {
  const config = readConfig()
  const stop = new AbortController()
  const release = stopOnSignals(stop, { exitWithParent: config.exitWithParent })
  try {
    const ctx = await openServiceContext({ name: 'settler', services: ['settler'], config, signal: stop.signal })
    if (!ctx) return
    await runServices(ctx, {
      name: 'settler',
      services: ['settler'],
      config,
      healthPort: config.healthPort,
      signal: stop.signal,
    })
  } finally {
    release()
  }
}
