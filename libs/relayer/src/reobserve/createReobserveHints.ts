import { listStaleUnbatchedBlocks } from '@relaymesh/store'
import type { RelayerContext } from '../context/createRelayerContext.js'
import { reobserveHintCodec } from './ReobserveHint.js'
import type { ReobserveHintsDeps, ReobserveHintsOptions } from './ReobserveHintsDeps.js'

/**
 * The reobserve hints' deps (Postgres, core NATS) and options from the relayer's context.
 *
 * @example
 * const { deps, options } = createReobserveHints(ctx)
 * await startReobserveHints(deps, options, { signal })
 */
export function createReobserveHints(ctx: RelayerContext): {
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
