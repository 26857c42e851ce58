import { publish, type Bus, type BusCatalogue } from '@relaymesh/bus'
import { sleep } from '@relaymesh/errors'
import type { Logger } from '@relaymesh/telemetry'
import { getLightClientBootstrap, getLightClientFinalityUpdate, getLightClientUpdates } from './beaconApi.js'
import type { BeaconFeederDeps } from './BeaconFeederDeps.js'
import { beaconUpdateCodec } from './beaconUpdateCodec.js'

export type CreateBeaconFeederDepsParameters = {
  origin: number
  beaconApiUrl: string
  bus: Bus
  catalogue: BusCatalogue
  logger: Logger
}

/**
 * A beacon feeder's IO on the relayer: the beacon API at the configured URL, updates published to the origin's
 * finality subject, real timers.
 *
 * @example
 * const deps = createBeaconFeederDeps({ ...ctx, origin: 1, beaconApiUrl, logger })
 */
export function createBeaconFeederDeps(p: CreateBeaconFeederDepsParameters): BeaconFeederDeps {
  const url = p.beaconApiUrl
  return {
    api: {
      bootstrap: (blockRoot) => getLightClientBootstrap(url, blockRoot),
      updates: (startPeriod, count) => getLightClientUpdates(url, startPeriod, count),
      finalityUpdate: () => getLightClientFinalityUpdate(url),
    },
    publishUpdate: async (message, msgId) => {
      await publish(p.bus, p.catalogue.subjects.finality(String(p.origin)), message, {
        codec: beaconUpdateCodec,
        msgId,
      })
    },
    logger: p.logger,
    sleep: (ms, signal) => sleep(ms, signal),
  }
}
