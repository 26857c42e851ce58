import { createEthereumLightClientConfig } from '@relaymesh/light-client/config'
import type { RelayerContext } from '../../context/createRelayerContext.js'
import type { BeaconFinalityConfig } from './beaconFinalitySchema.js'
import { createBeaconFeederDeps } from './createBeaconFeederDeps.js'
import { forkScheduleOf } from './forkScheduleOf.js'
import { runBeaconFeeder } from './runBeaconFeeder.js'

export type StartBeaconFeederParameters = { origin: number; config: BeaconFinalityConfig; signal: AbortSignal }

/**
 * Watcher side of Ethereum light-client finality: polls the beacon API and
 * publishes every period's best update and each new finality update on
 * `catalogue.subjects.finality(origin)` (msg-id dedup: an update re-served
 * is published once; `runBeaconFeeder`, which reads the period updates only when `decideUpdatesFetch` says so). It
 * verifies nothing: the verifier does.
 */
export function startBeaconFeeder(ctx: RelayerContext, p: StartBeaconFeederParameters): { done: Promise<void> } {
  const logger = ctx.logger.child({ module: 'beacon-feeder', origin: p.origin })
  const opts = {
    origin: p.origin,
    trustedBlockRoot: p.config.trustedBlockRoot,
    pollIntervalMs: p.config.pollIntervalMs,
    lcConfig: createEthereumLightClientConfig({ preset: p.config.preset, chainConfig: forkScheduleOf(p.config) }),
  }
  const deps = createBeaconFeederDeps({ ...ctx, origin: p.origin, beaconApiUrl: p.config.beaconApiUrl, logger })
  return { done: runBeaconFeeder(opts, deps, p.signal) }
}
