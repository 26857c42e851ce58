import type { Bus, BusCatalogue } from '@relaymesh/bus'
import { listStaleUnbatchedBlocks, type StoreDb } from '@relaymesh/store'
import type { Logger } from '@relaymesh/telemetry'
import type { RelayerConfig } from '../config/relayerConfigSchema.js'
import { reobserveHintCodec } from './ReobserveHint.js'
import type { ReobserveHintsDeps, ReobserveHintsOptions } from './ReobserveHintsDeps.js'

/** What of the relayer's context the hints are built from. */
export type ReobserveHintsIo = {
  db: StoreDb
  bus: Pick<Bus, 'nc'>
  catalogue: BusCatalogue
  logger: Logger
  config: Pick<RelayerConfig, 'batch' | 'chains'>
  /** The origins this relayer reads (its configured EVM chains). */
  chains: ReadonlyMap<number, unknown>
}

/**
 * The reobserve hints' deps (Postgres, core NATS) and options from the relayer's context.
 *
 * @example
 * const { deps, options } = createReobserveHints(ctx)
 * await startReobserveHints(deps, options, { signal })
 */
export function createReobserveHints(ctx: ReobserveHintsIo): {
  deps: ReobserveHintsDeps
  options: ReobserveHintsOptions
} {
  return {
    deps: {
      listStaleBlocks: (p) => listStaleUnbatchedBlocks(ctx.db, p),
      publishHint: (hint) =>
        ctx.bus.nc.publish(ctx.catalogue.subjects.reobserve(String(hint.origin)), reobserveHintCodec.encode(hint)),
      logger: ctx.logger,
    },
    options: {
      reobserveAfterMs: ctx.config.batch.reobserveAfterMs,
      destinations: ctx.config.chains.map((c) => c.domain),
      origins: new Set(ctx.chains.keys()),
    },
  }
}
