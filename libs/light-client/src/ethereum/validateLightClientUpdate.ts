import { lodestarSsz as ssz } from './lodestarSsz.js'
import { LightClientError, type EthereumLightClientErrorCode } from '../LightClientError.js'
import type { EthereumLightClientContext } from './EthereumLightClientContext.js'
import { gindexAtSlot } from './initializeLightClientStore.js'
import { hashBeaconHeader, isValidLightClientHeader } from './lightClientHeader.js'
import type { LightClientStore } from './LightClientStore.js'
import type { LightClientUpdate } from './lightClientTypes.js'
import { isValidNormalizedMerkleBranch } from './merkleBranch.js'
import {
  countParticipants,
  isFinalityUpdate,
  isNextSyncCommitteeKnown,
  isSyncCommitteeUpdate,
  periodAt,
} from './syncCommitteeHelpers.js'
import { verifySyncAggregate } from './verifySyncAggregate.js'

function reject(
  code: EthereumLightClientErrorCode,
  message: string,
  meta: Record<string, unknown> = {},
): LightClientError {
  return new LightClientError(message, { code, meta })
}

/** "Verify update does not skip a sync committee period" and "Verify update is relevant". */
function assertTimely(
  context: EthereumLightClientContext,
  store: LightClientStore,
  update: LightClientUpdate,
  currentSlot: number,
): void {
  const { config, types } = context
  const attestedSlot = update.attestedHeader.beacon.slot
  const finalizedSlot = update.finalizedHeader.beacon.slot
  const slots = { currentSlot, signatureSlot: update.signatureSlot, attestedSlot, finalizedSlot }
  if (!(currentSlot >= update.signatureSlot && update.signatureSlot > attestedSlot && attestedSlot >= finalizedSlot)) {
    throw reject(
      'LC_STALE_UPDATE',
      'Update slots are out of order (current >= signature > attested >= finalized)',
      slots,
    )
  }
  const storePeriod = periodAt(config, store.finalizedHeader.beacon.slot)
  const signaturePeriod = periodAt(config, update.signatureSlot)
  const nextKnown = isNextSyncCommitteeKnown(types, store)
  if (!(signaturePeriod === storePeriod || (nextKnown && signaturePeriod === storePeriod + 1))) {
    throw reject('LC_UNKNOWN_SYNC_COMMITTEE', `No known sync committee for period ${signaturePeriod}`, {
      storePeriod,
      signaturePeriod,
      nextKnown,
    })
  }
  const updateHasNextSyncCommittee =
    !nextKnown && isSyncCommitteeUpdate(update) && periodAt(config, attestedSlot) === storePeriod
  if (!(attestedSlot > store.finalizedHeader.beacon.slot || updateHasNextSyncCommittee)) {
    throw reject('LC_STALE_UPDATE', 'Update is not newer than the finalized header and brings no next sync committee', {
      ...slots,
      storeFinalizedSlot: store.finalizedHeader.beacon.slot,
    })
  }
}

/** "Verify that the finality_branch, if present, confirms finalized_header" (zero hash for genesis). */
function assertFinality(context: EthereumLightClientContext, update: LightClientUpdate): void {
  const empty = ssz.deneb.LightClientHeader.defaultValue()
  const isEmpty = ssz.deneb.LightClientHeader.equals(update.finalizedHeader, empty)
  if (!isFinalityUpdate(update)) {
    if (!isEmpty) throw reject('LC_INVALID_FINALITY_BRANCH', 'Finalized header without a finality branch')
    return
  }
  let finalizedRoot: Uint8Array
  if (update.finalizedHeader.beacon.slot === 0) {
    if (!isEmpty) throw reject('LC_INVALID_FINALITY_BRANCH', 'A genesis finalized header must be empty')
    finalizedRoot = new Uint8Array(32)
  } else {
    if (!isValidLightClientHeader(context.config, update.finalizedHeader)) {
      throw reject('LC_INVALID_EXECUTION_BRANCH', 'Finalized header execution branch does not verify', {
        slot: update.finalizedHeader.beacon.slot,
      })
    }
    finalizedRoot = hashBeaconHeader(update.finalizedHeader)
  }
  const attested = update.attestedHeader.beacon
  if (
    !isValidNormalizedMerkleBranch(
      finalizedRoot,
      update.finalityBranch,
      gindexAtSlot(context, 'finalizedRoot', attested.slot),
      attested.stateRoot,
    )
  ) {
    throw reject('LC_INVALID_FINALITY_BRANCH', 'Finality branch does not verify against the attested state root', {
      attestedSlot: attested.slot,
    })
  }
}

/**
 * "Verify that the next_sync_committee, if present, actually is the next sync committee saved in the state of the
 * attested_header".
 */
function assertNextSyncCommittee(
  context: EthereumLightClientContext,
  store: LightClientStore,
  update: LightClientUpdate,
): void {
  const { config, types } = context
  const { SyncCommittee } = types
  if (!isSyncCommitteeUpdate(update)) {
    if (!SyncCommittee.equals(update.nextSyncCommittee, SyncCommittee.defaultValue())) {
      throw reject('LC_INVALID_NEXT_SYNC_COMMITTEE_BRANCH', 'Next sync committee without a branch')
    }
    return
  }
  const attested = update.attestedHeader.beacon
  const storePeriod = periodAt(config, store.finalizedHeader.beacon.slot)
  if (periodAt(config, attested.slot) === storePeriod && isNextSyncCommitteeKnown(types, store)) {
    if (!SyncCommittee.equals(update.nextSyncCommittee, store.nextSyncCommittee)) {
      throw reject(
        'LC_INVALID_NEXT_SYNC_COMMITTEE_BRANCH',
        'Next sync committee differs from the one the store knows',
        { period: storePeriod + 1 },
      )
    }
  }
  const leaf = SyncCommittee.hashTreeRoot(update.nextSyncCommittee)
  if (
    !isValidNormalizedMerkleBranch(
      leaf,
      update.nextSyncCommitteeBranch,
      gindexAtSlot(context, 'nextSyncCommittee', attested.slot),
      attested.stateRoot,
    )
  ) {
    throw reject(
      'LC_INVALID_NEXT_SYNC_COMMITTEE_BRANCH',
      'Next sync committee branch does not verify against the attested state root',
      {
        attestedSlot: attested.slot,
      },
    )
  }
}

/**
 * altair `light-client/sync-protocol.md` `validate_light_client_update`
 * (capella `is_valid_light_client_header`, electra normalized branches and
 * `*_gindex_at_slot`). Throws the first rule the update breaks; returns
 * nothing when it is valid. Does not change the store.
 *
 * @throws LightClientError `LC_INSUFFICIENT_PARTICIPATION`, `LC_INVALID_EXECUTION_BRANCH`,
 * `LC_STALE_UPDATE`, `LC_UNKNOWN_SYNC_COMMITTEE`, `LC_INVALID_FINALITY_BRANCH`,
 * `LC_INVALID_NEXT_SYNC_COMMITTEE_BRANCH`, `LC_WRONG_FORK_OR_DOMAIN`, `LC_BAD_SIGNATURE`.
 * @example
 * validateLightClientUpdate(store, update, currentSlot, genesisValidatorsRoot, context)
 */
export function validateLightClientUpdate(
  store: LightClientStore,
  update: LightClientUpdate,
  currentSlot: number,
  genesisValidatorsRoot: Uint8Array,
  context: EthereumLightClientContext,
): void {
  const { config } = context
  const participants = countParticipants(update.syncAggregate.syncCommitteeBits)
  if (participants < config.minSyncCommitteeParticipants) {
    throw reject(
      'LC_INSUFFICIENT_PARTICIPATION',
      `${participants} sync committee participants, need ${config.minSyncCommitteeParticipants}`,
      { participants },
    )
  }
  if (update.syncAggregate.syncCommitteeBits.bitLen !== config.syncCommitteeSize) {
    throw reject('LC_MALFORMED_INPUT', 'Sync committee bits do not match the preset committee size', {
      bits: update.syncAggregate.syncCommitteeBits.bitLen,
    })
  }
  if (!isValidLightClientHeader(config, update.attestedHeader)) {
    throw reject('LC_INVALID_EXECUTION_BRANCH', 'Attested header execution branch does not verify', {
      slot: update.attestedHeader.beacon.slot,
    })
  }
  assertTimely(context, store, update, currentSlot)
  assertFinality(context, update)
  assertNextSyncCommittee(context, store, update)
  const storePeriod = periodAt(config, store.finalizedHeader.beacon.slot)
  const committee =
    periodAt(config, update.signatureSlot) === storePeriod ? store.currentSyncCommittee : store.nextSyncCommittee
  verifySyncAggregate(context, committee, update, genesisValidatorsRoot)
}
