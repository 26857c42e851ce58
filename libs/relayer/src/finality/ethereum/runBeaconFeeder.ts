import type { EthereumLightClientConfig } from '@relaymesh/light-client/config'
import { createFirstTimeFilter } from '../createFirstTimeFilter.js'
import type { BeaconApiObject } from './beaconApi.js'
import type { BeaconFeederDeps } from './BeaconFeederDeps.js'
import { beaconPeriodOf } from './beaconPeriodOf.js'
import { beaconUpdateMsgId, type BeaconUpdateMessage } from './beaconUpdateCodec.js'
import { decideUpdatesFetch, defaultUpdatesFetchOptions } from './decideUpdatesFetch.js'

/** Periods of updates asked per request, from the feeder's current one. */
const UPDATES_PER_REQUEST = 16

export type BeaconFeederOptions = {
  origin: number
  trustedBlockRoot: string
  pollIntervalMs: number
  lcConfig: EthereumLightClientConfig
}

/**
 * Polls the beacon API until `signal` aborts and publishes every period's best update and each new finality update.
 * The updates are read when `decideUpdatesFetch` says so (first poll, finality in a new period, every few polls). A
 * failed poll is logged and the next one comes after the same interval: the feeder verifies nothing, the verifier
 * does.
 */
export async function runBeaconFeeder(
  opts: BeaconFeederOptions,
  deps: BeaconFeederDeps,
  signal: AbortSignal,
): Promise<void> {
  const send = createUpdateSender(opts, deps)
  let period: number | undefined
  let pollsSinceUpdates = defaultUpdatesFetchOptions.refreshPolls
  while (!signal.aborted) {
    try {
      if (period === undefined)
        period = beaconPeriodOf(opts.lcConfig, await deps.api.bootstrap(opts.trustedBlockRoot), 'bootstrap')
      const finality = await deps.api.finalityUpdate()
      const finalityPeriod = beaconPeriodOf(opts.lcConfig, finality, 'finality')
      if (
        period !== undefined &&
        decideUpdatesFetch({ period, finalityPeriod, pollsSinceUpdates }, defaultUpdatesFetchOptions)
      ) {
        // The updates go first: a finality update of a new period verifies only against the committee they carry.
        for (const update of await deps.api.updates(period, UPDATES_PER_REQUEST)) {
          await send('update', update)
          period = Math.max(period, beaconPeriodOf(opts.lcConfig, update, 'update') ?? period)
        }
        pollsSinceUpdates = 0
      }
      pollsSinceUpdates++
      if (finality) await send('finality_update', finality)
    } catch (error) {
      deps.logger.warn({ err: error }, 'beacon feeder poll failed; retrying')
    }
    await deps.sleep(opts.pollIntervalMs, signal)
  }
}

/**
 * Publishes an update unless this feeder already did. The beacon API answers the same updates poll after poll: each
 * is published once (the stream would drop the repeats by msg-id, after a round trip and an encoding each), so an
 * idle feeder publishes nothing.
 */
function createUpdateSender(opts: BeaconFeederOptions, deps: BeaconFeederDeps) {
  const firstTime = createFirstTimeFilter(64)
  return async (kind: BeaconUpdateMessage['kind'], o: BeaconApiObject): Promise<void> => {
    // reason: checked by the schema on decode
    const data = o.data as Record<string, unknown>
    const message: BeaconUpdateMessage = { origin: opts.origin, kind, version: o.version, data }
    const msgId = beaconUpdateMsgId(message)
    if (!firstTime.isNew(msgId)) return
    await deps.publishUpdate(message, msgId)
    firstTime.add(msgId)
  }
}
