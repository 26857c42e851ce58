import { openServiceContext, runServices, SERVICE_NAMES, stopOnSignals } from '@relaymesh/service-runtime'
import { readConfig } from './config.js'

/**
 * `relaymesh all`: every service of one relayer in this process, on one context (the devnet's relayers, small
 * deployments). Stops as each service's own process does: cleanly on SIGTERM or SIGINT, or when the parent that
 * spawned it is gone; one failing service stops the others.
 */
export async function runAll(): Promise<void> {
  const config = readConfig()
  const stop = new AbortController()
  const release = stopOnSignals(stop, { exitWithParent: config.exitWithParent })
  try {
    const ctx = await openServiceContext({ name: 'all', services: SERVICE_NAMES, config, signal: stop.signal })
    if (!ctx) return
    // The api answers its own probes; the health port serves the process's, as each worker service's does.
    await runServices(ctx, {
      name: 'all',
      services: SERVICE_NAMES,
      config,
      healthPort: config.healthPort,
      signal: stop.signal,
    })
  } finally {
    release()
  }
}
