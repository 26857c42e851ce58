import type { Bus, BusCatalogue } from '@relaymesh/bus'
import { sleep } from '@relaymesh/errors'
import type { StoreDb } from '@relaymesh/store'
import type { Logger, Telemetry } from '@relaymesh/telemetry'
import type { EndpointRotation } from '../endpoints/createEndpointRotation.js'
import type { PublishLedger } from '../reobserve/createPublishLedger.js'
import { recordObserveSpan } from '../tracing/recordObserveSpan.js'
import type { EvmWatcherDeps } from './EvmWatcherDeps.js'
import { createWatcherPublisher } from './createWatcherPublisher.js'
import { createWatcherStore } from './createWatcherStore.js'
import type { HeadSignal } from './createHeadSignal.js'

export type CreateEvmWatcherDepsParameters = {
  origin: number
  relayerId: string
  db: StoreDb
  bus: Bus
  catalogue: BusCatalogue
  telemetry: Telemetry
  clock: { now(): number }
  logger: Logger
  /** Records each first publish, for the reobserver's error line. */
  ledger: PublishLedger
  /** The chain's endpoints by rank: the watcher reads through it, so an endpoint caught lying is avoided. */
  rotation: EndpointRotation
  /** The chain's new blocks as wake-ups (absent: the watcher polls on a timer only). */
  heads?: HeadSignal | undefined
}

/**
 * An EVM watcher's IO on the relayer: its RPC (the chain's endpoints by rank), its cursor and rejections in Postgres
 * (`createWatcherStore`), its parts published to the bundle stream (`createWatcherPublisher`), messages observed, and
 * real timers, ended early by a new block when the chain has a head subscription.
 *
 * @example
 * const deps = createEvmWatcherDeps({ ...ctx, relayerId: ctx.config.relayerId, origin, logger, ledger, rotation })
 */
export function createEvmWatcherDeps(p: CreateEvmWatcherDepsParameters): EvmWatcherDeps {
  const { origin, clock } = p
  const sleeper = p.heads?.sleeper()
  return {
    rpc: p.rotation.rpc,
    endpoints: p.rotation,
    ...createWatcherStore(p.db, { origin }),
    publish: createWatcherPublisher({ ...p, tracer: p.telemetry.tracer }),
    observe: (messageId, block) =>
      recordObserveSpan(p.telemetry, {
        messageId,
        origin,
        blockNumber: block.number.toString(),
        relayerId: p.relayerId,
      }),
    logger: p.logger,
    now: () => clock.now(),
    sleep: (ms, signal) => (sleeper ? sleeper.sleep(ms, signal) : sleep(ms, signal)),
    wakeLive: () => p.heads?.live() ?? false,
  }
}
