import type { Bus } from '@relaymesh/bus'
import { pingDatabase, type StoreDb } from '@relaymesh/store'
import type { RelayerContext } from '../context/createRelayerContext.js'
import type { Readiness } from '@relaymesh/sdk'
import { apiChainsFromContext } from './ApiChains.js'
import type { ApiDependencies } from './startApi.js'

export type CreateReadinessCheckParameters = {
  db: StoreDb
  /** Only the connection is probed. */
  bus: Pick<Bus, 'nc'>
  /** Per probe; a probe that does not answer in time counts as down. Default 2 s. */
  timeoutMs?: number | undefined
}

/** True when `probe` resolves within `timeoutMs`; false when it rejects or is late. */
async function within(probe: () => Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)))
  try {
    return await Promise.race([
      probe().then(
        () => true,
        () => false,
      ),
      late,
    ])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * The `/readyz` probe: Postgres answers `SELECT 1` and NATS is connected and
 * answers a PING (`flush`), both within `timeoutMs`. A failed probe is an
 * answer (`false`), not an error: the API turns it into a 503.
 *
 * @example
 * const health = createReadinessCheck({ db: ctx.db, bus: ctx.bus })
 * await health() // { postgres: true, nats: true }
 */
export function createReadinessCheck(parameters: CreateReadinessCheckParameters): () => Promise<Readiness['checks']> {
  const { db, bus, timeoutMs = 2_000 } = parameters
  return async () => {
    const [postgres, nats] = await Promise.all([
      within(() => pingDatabase(db), timeoutMs),
      bus.nc.isClosed() ? Promise.resolve(false) : within(() => bus.nc.flush(), timeoutMs),
    ])
    return { postgres, nats }
  }
}

/**
 * The slice of a relayer's context the API runs on, with its chain reads and
 * (from the service config, a secret) the admin token.
 *
 * @example
 * const { url, done } = await startApi(apiDependenciesFromContext(ctx, { adminToken: config.adminToken }), {
 *   signal,
 *   ...ctx.config.api,
 * })
 */
export function apiDependenciesFromContext(
  ctx: Pick<RelayerContext, 'db' | 'bus' | 'logger' | 'chains' | 'account' | 'telemetry'>,
  options: { adminToken?: string | undefined } = {},
): ApiDependencies {
  return {
    db: ctx.db,
    logger: ctx.logger,
    health: createReadinessCheck({ db: ctx.db, bus: ctx.bus }),
    chains: apiChainsFromContext(ctx),
    adminToken: options.adminToken,
    telemetry: ctx.telemetry,
  }
}
