import type { EthereumLightClientConfig } from './EthereumLightClientConfig.js'
import type { LightClientUpdate } from './lightClientTypes.js'
import { countParticipants, isFinalityUpdate, isSyncCommitteeUpdate, periodAt } from './syncCommitteeHelpers.js'

function hasRelevantSyncCommittee(config: EthereumLightClientConfig, update: LightClientUpdate): boolean {
  return (
    isSyncCommitteeUpdate(update) &&
    periodAt(config, update.attestedHeader.beacon.slot) === periodAt(config, update.signatureSlot)
  )
}

function hasSyncCommitteeFinality(config: EthereumLightClientConfig, update: LightClientUpdate): boolean {
  return periodAt(config, update.finalizedHeader.beacon.slot) === periodAt(config, update.attestedHeader.beacon.slot)
}

/**
 * altair `light-client/sync-protocol.md` `is_better_update`: supermajority,
 * then participation, then a relevant next committee, then finality, then
 * finality within the attested period, then participation beyond
 * supermajority, then older data, then an earlier signature slot.
 *
 * @example
 * if (isBetterUpdate(config, candidate, best)) best = candidate
 */
export function isBetterUpdate(
  config: EthereumLightClientConfig,
  newUpdate: LightClientUpdate,
  oldUpdate: LightClientUpdate,
): boolean {
  const maxActive = newUpdate.syncAggregate.syncCommitteeBits.bitLen
  const newActive = countParticipants(newUpdate.syncAggregate.syncCommitteeBits)
  const oldActive = countParticipants(oldUpdate.syncAggregate.syncCommitteeBits)
  const newSupermajority = newActive * 3 >= maxActive * 2
  const oldSupermajority = oldActive * 3 >= maxActive * 2
  if (newSupermajority !== oldSupermajority) return newSupermajority
  if (!newSupermajority && newActive !== oldActive) return newActive > oldActive

  const newRelevant = hasRelevantSyncCommittee(config, newUpdate)
  if (newRelevant !== hasRelevantSyncCommittee(config, oldUpdate)) return newRelevant

  const newFinality = isFinalityUpdate(newUpdate)
  if (newFinality !== isFinalityUpdate(oldUpdate)) return newFinality

  if (newFinality) {
    const newCommitteeFinality = hasSyncCommitteeFinality(config, newUpdate)
    if (newCommitteeFinality !== hasSyncCommitteeFinality(config, oldUpdate)) return newCommitteeFinality
  }

  // Tiebreaker 1: participation beyond supermajority
  if (newActive !== oldActive) return newActive > oldActive
  // Tiebreaker 2: prefer older data (fewer changes to best)
  if (newUpdate.attestedHeader.beacon.slot !== oldUpdate.attestedHeader.beacon.slot) {
    return newUpdate.attestedHeader.beacon.slot < oldUpdate.attestedHeader.beacon.slot
  }
  // Tiebreaker 3: earlier signature slot
  return newUpdate.signatureSlot < oldUpdate.signatureSlot
}
