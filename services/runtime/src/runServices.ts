import { createReadinessCheck, type RelayerContext } from '@relaymesh/relayer/runtime'
import type { ServiceConfig } from './loadServiceConfig.js'
import { startHealthServer } from './startHealthServer.js'
import type { ServiceName } from './ServiceName.js'
import { startServices } from './startServices.js'

export type RunServicesParameters = {
  /** The process's name in its logs: a service, or `all`. */
  name: string
  services: readonly ServiceName[]
  config: Pick<ServiceConfig, 'origins' | 'adminToken'>
  /** Serves /healthz, /readyz and /metrics there (a worker service's probes; the api answers its own). */
  healthPort?: number | undefined
  /** Aborting stops the services: in-flight work finishes, acks are confirmed. Its reason is logged. */
  signal: AbortSignal
}

/**
 * Runs services on a built context until `signal` aborts or one of them fails, then closes the context (NATS,
 * spans flushed, Postgres), so the process can exit. A signal aborted already starts nothing.
 *
 * @example
 * await runServices(ctx, { name: 'verifier', services: ['verifier'], config, healthPort, signal: stop.signal })
 */
export async function runServices(ctx: RelayerContext, p: RunServicesParameters): Promise<void> {
  const { signal } = p
  ctx.logger.info(
    { service: p.name, relayer: ctx.config.relayerId, address: ctx.account.address, signs: ctx.signs },
    'relaymesh service started',
  )
  // The health server and the services end when this aborts: a failing service stops its siblings through it.
  const stop = new AbortController()
  const onAbort = () => stop.abort(signal.reason)
  if (signal.aborted) onAbort()
  else signal.addEventListener('abort', onAbort, { once: true })
  try {
    // A service started on an aborted signal may wait for an 'abort' event that already fired.
    if (!stop.signal.aborted && p.healthPort !== undefined) {
      const readiness = createReadinessCheck({ db: ctx.db, bus: ctx.bus })
      await startHealthServer({ host: '0.0.0.0', port: p.healthPort, readiness, service: p.name, signal: stop.signal })
    }
    if (!stop.signal.aborted) await startServices(ctx, p.services, p.config, stop.signal)
  } finally {
    signal.removeEventListener('abort', onAbort)
    stop.abort('service ended')
    ctx.logger.info({ service: p.name, reason: String(stop.signal.reason) }, 'relaymesh service stopping')
    await ctx.close()
  }
}
