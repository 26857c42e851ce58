import { LightClientError } from '../LightClientError.js'
import type { EthereumLightClientContext } from './EthereumLightClientContext.js'
import { finalizedExecutionOf } from './initializeLightClientStore.js'
import { isBetterUpdate } from './isBetterUpdate.js'
import { isForcedStore, type FinalizedExecution, type LightClientStore } from './LightClientStore.js'
import type { LightClientUpdate } from './lightClientTypes.js'
import {
  countParticipants,
  getSafetyThreshold,
  isFinalityUpdate,
  isNextSyncCommitteeKnown,
  isSyncCommitteeUpdate,
  periodAt,
} from './syncCommitteeHelpers.js'
import { validateLightClientUpdate } from './validateLightClientUpdate.js'

function recordFinalizedExecution(store: LightClientStore, entry: FinalizedExecution | null): FinalizedExecution[] {
  const history = store.finalizedExecutions
  const last = history[history.length - 1]
  if (entry === null || (last !== undefined && entry.blockNumber <= last.blockNumber)) return history
  const next = [...history, entry]
  return next.length > store.finalizedExecutionsLimit ? next.slice(next.length - store.finalizedExecutionsLimit) : next
}

/**
 * altair `light-client/sync-protocol.md` `apply_light_client_update`
 * (committee rotation resets the participation maxima), returning a new
 * store. Also appends the new finalized header's execution block to the
 * relaymesh history, tagged with how it was finalized: `forced` for a
 * forced update and for every update applied after one (see
 * `LightClientStore.forcedSinceSlot`).
 */
export function applyLightClientUpdate(
  context: EthereumLightClientContext,
  store: LightClientStore,
  update: LightClientUpdate,
  source: 'finality' | 'forced' = 'finality',
): LightClientStore {
  const { config, types } = context
  const next = { ...store }
  const derived = source === 'forced' || isForcedStore(store) ? 'forced' : 'finality'
  const storePeriod = periodAt(config, store.finalizedHeader.beacon.slot)
  const updateFinalizedPeriod = periodAt(config, update.finalizedHeader.beacon.slot)
  if (!isNextSyncCommitteeKnown(types, store)) {
    if (updateFinalizedPeriod !== storePeriod) {
      throw new LightClientError('Cannot learn the next committee from another period', {
        code: 'LC_UNKNOWN_SYNC_COMMITTEE',
        meta: { storePeriod, updateFinalizedPeriod },
      })
    }
    next.nextSyncCommittee = update.nextSyncCommittee
  } else if (updateFinalizedPeriod === storePeriod + 1) {
    next.currentSyncCommittee = store.nextSyncCommittee
    next.nextSyncCommittee = update.nextSyncCommittee
    next.previousMaxActiveParticipants = store.currentMaxActiveParticipants
    next.currentMaxActiveParticipants = 0
  }
  if (update.finalizedHeader.beacon.slot > store.finalizedHeader.beacon.slot) {
    next.finalizedHeader = update.finalizedHeader
    if (next.finalizedHeader.beacon.slot > store.optimisticHeader.beacon.slot)
      next.optimisticHeader = next.finalizedHeader
    next.finalizedExecutions = recordFinalizedExecution(
      store,
      finalizedExecutionOf(context, update.finalizedHeader, derived),
    )
  }
  return next
}

/**
 * altair `light-client/sync-protocol.md` `process_light_client_update`:
 * validates, keeps the best valid update for a forced update, tracks
 * participation, moves the optimistic header past the safety threshold and
 * applies the update when a supermajority (>= 2/3) signed a newer finalized
 * header (or the finalized next committee). Pure: returns a new store and
 * leaves `store` as it was (also when it throws).
 *
 * @throws LightClientError see {@link validateLightClientUpdate}.
 * @example
 * store = processLightClientUpdate(store, update, currentSlot, genesisValidatorsRoot, context)
 * const answer = getFinalizedExecution(store, { blockNumber, blockHash })
 */
export function processLightClientUpdate(
  store: LightClientStore,
  update: LightClientUpdate,
  currentSlot: number,
  genesisValidatorsRoot: Uint8Array,
  context: EthereumLightClientContext,
): LightClientStore {
  const { config, types } = context
  validateLightClientUpdate(store, update, currentSlot, genesisValidatorsRoot, context)
  const bits = update.syncAggregate.syncCommitteeBits
  const participants = countParticipants(bits)
  let next: LightClientStore = { ...store }
  if (store.bestValidUpdate === null || isBetterUpdate(config, update, store.bestValidUpdate))
    next.bestValidUpdate = update
  next.currentMaxActiveParticipants = Math.max(store.currentMaxActiveParticipants, participants)
  if (
    participants > getSafetyThreshold(next) &&
    update.attestedHeader.beacon.slot > store.optimisticHeader.beacon.slot
  ) {
    next.optimisticHeader = update.attestedHeader
  }
  const updateHasFinalizedNextSyncCommittee =
    !isNextSyncCommitteeKnown(types, store) &&
    isSyncCommitteeUpdate(update) &&
    isFinalityUpdate(update) &&
    periodAt(config, update.finalizedHeader.beacon.slot) === periodAt(config, update.attestedHeader.beacon.slot)
  if (
    participants * 3 >= bits.bitLen * 2 &&
    (update.finalizedHeader.beacon.slot > store.finalizedHeader.beacon.slot || updateHasFinalizedNextSyncCommittee)
  ) {
    next = applyLightClientUpdate(context, next, update)
    next.bestValidUpdate = null
  }
  return next
}

/**
 * altair `light-client/sync-protocol.md` `process_light_client_store_force_update`:
 * after UPDATE_TIMEOUT slots without finality, apply the best valid update,
 * treating its attested header as finalized if need be. The spec leaves
 * when to call it to the client (MAY); execution blocks finalized this way
 * are tagged `forced` and `getFinalizedExecution` never answers them as final.
 * Nor anything after: the committee learned here comes from an attested
 * header that as little as one member signed, so the store stays forced
 * (`forcedSinceSlot`) until re-anchored on a trusted checkpoint.
 *
 * @example
 * store = processLightClientStoreForceUpdate(store, currentSlot, context)
 */
export function processLightClientStoreForceUpdate(
  store: LightClientStore,
  currentSlot: number,
  context: EthereumLightClientContext,
): LightClientStore {
  const best = store.bestValidUpdate
  if (best === null || !(currentSlot > store.finalizedHeader.beacon.slot + context.config.updateTimeout)) return store
  const forced =
    best.finalizedHeader.beacon.slot <= store.finalizedHeader.beacon.slot
      ? { ...best, finalizedHeader: best.attestedHeader }
      : best
  const next = applyLightClientUpdate(context, store, forced, 'forced')
  next.bestValidUpdate = null
  next.forcedSinceSlot = store.forcedSinceSlot ?? next.finalizedHeader.beacon.slot
  return next
}
