import type { RelayerContext } from '../../context/createRelayerContext.js'
import type { EndpointRotation } from '../../endpoints/createEndpointRotation.js'
import { RelayerError } from '../../RelayerError.js'
import { createParliaFeederDeps } from './createParliaFeederDeps.js'
import type { ParliaFinalityConfig } from './parliaFinalitySchema.js'
import { runParliaFeeder, type ParliaFeederState } from './runParliaFeeder.js'
import type { HeadSignal } from '../../watcher/createHeadSignal.js'

export type StartParliaFeederParameters = {
  origin: number
  config: ParliaFinalityConfig
  signal: AbortSignal
  /**
   * The chain's endpoints by rank, shared with its watcher: headers are read through it, a run answered inconsistently
   * is read from each endpoint on its own, and an endpoint caught serving one is demoted for both.
   */
  rotation: EndpointRotation
  /** The chain's new blocks as wake-ups, shared with its watcher (absent: the feeder polls on a timer only). */
  heads?: HeadSignal | undefined
}

/**
 * Watcher side of Parlia finality: follows the BSC node and publishes its
 * consecutive headers (RLP) on `catalogue.subjects.finality(origin)` for the
 * verifier's Parlia light client (`runParliaFeeder`). Retryable failures back off. `refeed` rewinds it before a header
 * the light client refused (`startRefusedBlockRereads`).
 */
export function startParliaFeeder(
  ctx: RelayerContext,
  p: StartParliaFeederParameters,
): { done: Promise<void>; refeed(number: bigint): void } {
  const logger = ctx.logger.child({ module: 'parlia-feeder', origin: p.origin })
  const chain = ctx.chains.get(p.origin)
  const state: ParliaFeederState = {}
  const opts = {
    origin: p.origin,
    chainId: BigInt(p.config.chainId),
    feedFrom: BigInt(p.config.feedFrom),
    headersPerMessage: p.config.headersPerMessage,
    pollIntervalMs: chain?.config.pollIntervalMs ?? 250,
    idlePollMs: chain?.config.idlePollIntervalMs ?? 2_000,
  }
  const deps = createParliaFeederDeps({ ...ctx, origin: p.origin, logger, rotation: p.rotation, heads: p.heads })
  const done = chain
    ? runParliaFeeder(opts, deps, state, p.signal)
    : Promise.reject(
        new RelayerError(`no chain configured for origin ${p.origin}`, { code: 'CONFIG_INVALID', action: 'fatal' }),
      )
  // A header the light client refused (a re-sealed fork) and another endpoint serves differently: the next poll
  // feeds from that height again, read through the rotation that now ranks the endpoint serving it last.
  const refeed = (number: bigint) => {
    if (state.refeedFrom === undefined || number < state.refeedFrom) state.refeedFrom = number
  }
  return { done, refeed }
}
