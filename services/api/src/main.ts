import { openServiceContext, runServices, stopOnSignals } from '@relaymesh/service-runtime'
import { readConfig } from './config.js'

/**
 * `relaymesh api`: the HTTP JSON API, with its own /healthz, /readyz and /metrics (no separate health port).
 * Reads its config, builds its context (Postgres, NATS, chains, telemetry), serves, and stops cleanly on SIGTERM
 * or SIGINT, or when the parent that spawned it is gone. See libs/relayer/DESIGN.md.
 */
export async function main(): Promise<void> {
  const config = readConfig()
  const stop = new AbortController()
  const release = stopOnSignals(stop, { exitWithParent: config.exitWithParent })
  try {
    const ctx = await openServiceContext({ name: 'api', services: ['api'], config, signal: stop.signal })
    if (!ctx) return
    await runServices(ctx, {
      name: 'api',
      services: ['api'],
      config,
      signal: stop.signal,
    })
  } finally {
    release()
  }
}
