import type { BitArray } from '@chainsafe/ssz'
import { computeSyncCommitteePeriodAtSlot, type EthereumLightClientConfig } from './EthereumLightClientConfig.js'
import type { LightClientStore } from './LightClientStore.js'
import type { LightClientTypes, LightClientUpdate } from './lightClientTypes.js'
import { isZeroBranch } from './merkleBranch.js'

/** `sum(sync_aggregate.sync_committee_bits)`. */
export function countParticipants(bits: BitArray): number {
  return bits.getTrueBitIndexes().length
}

/** altair `is_sync_committee_update`. */
export function isSyncCommitteeUpdate(update: LightClientUpdate): boolean {
  return !isZeroBranch(update.nextSyncCommitteeBranch)
}

/** altair `is_finality_update`. */
export function isFinalityUpdate(update: LightClientUpdate): boolean {
  return !isZeroBranch(update.finalityBranch)
}

/** altair `is_next_sync_committee_known`. */
export function isNextSyncCommitteeKnown(types: LightClientTypes, store: LightClientStore): boolean {
  return !types.SyncCommittee.equals(store.nextSyncCommittee, types.SyncCommittee.defaultValue())
}

/** altair `get_safety_threshold`. */
export function getSafetyThreshold(store: LightClientStore): number {
  return Math.floor(Math.max(store.previousMaxActiveParticipants, store.currentMaxActiveParticipants) / 2)
}

/** Period of a slot (shorthand for `compute_sync_committee_period_at_slot`). */
export function periodAt(config: EthereumLightClientConfig, slot: number): number {
  return computeSyncCommitteePeriodAtSlot(config, slot)
}
