import { publish } from '@relaymesh/bus'
import { computeSyncCommitteePeriodAtSlot, createEthereumLightClientConfig } from '@relaymesh/light-client/config'
import type { RelayerContext } from '../../context/createRelayerContext.js'
import {
  getLightClientBootstrap,
  getLightClientFinalityUpdate,
  getLightClientUpdates,
  type BeaconApiObject,
} from './beaconApi.js'
import type { BeaconFinalityConfig } from './beaconFinalitySchema.js'
import { beaconUpdateCodec, beaconUpdateMsgId, type BeaconUpdateMessage } from './beaconUpdateCodec.js'
import { createFirstTimeFilter } from '../createFirstTimeFilter.js'
import { forkScheduleOf } from './forkScheduleOf.js'
import { decideUpdatesFetch, defaultUpdatesFetchOptions } from './decideUpdatesFetch.js'

export type StartBeaconFeederParameters = { origin: number; config: BeaconFinalityConfig; signal: AbortSignal }

type SlotJson = { attested_header?: { beacon?: { slot?: string } }; signature_slot?: string }

/**
 * Watcher side of Ethereum light-client finality: polls the beacon API and
 * publishes every period's best update and each new finality update on
 * `catalogue.subjects.finality(origin)` (msg-id dedup: an update re-served
 * is published once). It verifies nothing: the verifier does.
 */
export function startBeaconFeeder(ctx: RelayerContext, p: StartBeaconFeederParameters): { done: Promise<void> } {
  const logger = ctx.logger.child({ module: 'beacon-feeder', origin: p.origin })
  const lcConfig = createEthereumLightClientConfig({ preset: p.config.preset, chainConfig: forkScheduleOf(p.config) })
  const url = p.config.beaconApiUrl
  // The beacon API answers the same updates poll after poll: each is published once (the stream would drop the
  // repeats by msg-id, after a round trip and an encoding each), so an idle feeder publishes nothing.
  const firstTime = createFirstTimeFilter(64)
  const send = async (kind: BeaconUpdateMessage['kind'], o: BeaconApiObject) => {
    const message: BeaconUpdateMessage = {
      origin: p.origin,
      kind,
      version: o.version,
      // reason: checked by the schema on decode
      data: o.data as Record<string, unknown>,
    }
    const msgId = beaconUpdateMsgId(message)
    if (!firstTime.isNew(msgId)) return
    await publish(ctx.bus, ctx.catalogue.subjects.finality(String(p.origin)), message, {
      codec: beaconUpdateCodec,
      msgId,
    })
    firstTime.add(msgId)
  }
  const periodOf = (o: BeaconApiObject | null, at: (json: SlotJson) => string | undefined) => {
    const slot = Number(o === null ? undefined : at(o.data as SlotJson)) // reason: beacon-API JSON
    return Number.isFinite(slot) ? computeSyncCommitteePeriodAtSlot(lcConfig, slot) : undefined
  }
  const done = (async () => {
    let period: number | undefined
    let pollsSinceUpdates = defaultUpdatesFetchOptions.refreshPolls
    while (!p.signal.aborted) {
      try {
        if (period === undefined) {
          const bootstrap = await getLightClientBootstrap(url, p.config.trustedBlockRoot)
          // reason: a bootstrap's JSON holds its header where an update holds the attested one
          const header = (json: SlotJson) => (json as { header?: { beacon?: { slot?: string } } }).header
          period = periodOf(bootstrap, (json) => header(json)?.beacon?.slot)
        }
        const finality = await getLightClientFinalityUpdate(url)
        const finalityPeriod = periodOf(finality, (json) => json.signature_slot ?? json.attested_header?.beacon?.slot)
        if (
          period !== undefined &&
          decideUpdatesFetch({ period, finalityPeriod, pollsSinceUpdates }, defaultUpdatesFetchOptions)
        ) {
          // The updates go first: a finality update of a new period verifies only against the committee they carry.
          for (const update of await getLightClientUpdates(url, period, 16)) {
            await send('update', update)
            period = Math.max(period, periodOf(update, (json) => json.attested_header?.beacon?.slot) ?? period)
          }
          pollsSinceUpdates = 0
        }
        pollsSinceUpdates++
        if (finality) await send('finality_update', finality)
      } catch (error) {
        logger.warn({ err: error }, 'beacon feeder poll failed; retrying')
      }
      await new Promise((r) => setTimeout(r, p.config.pollIntervalMs))
    }
  })()
  return { done }
}
