import { computeSyncCommitteePeriodAtSlot, type EthereumLightClientConfig } from '@relaymesh/light-client/config'
import type { BeaconApiObject } from './beaconApi.js'

type SlotJson = {
  header?: { beacon?: { slot?: string } }
  attested_header?: { beacon?: { slot?: string } }
  signature_slot?: string
}

/**
 * The sync-committee period of a beacon-API object, from the slot that places it: a bootstrap's header; an update's
 * attested header; a finality update's signature slot (else its attested header): what its committee signed in.
 * Undefined when there is no object or no slot in it.
 *
 * @example
 * beaconPeriodOf(lcConfig, finalityUpdate, 'finality') // 4
 */
export function beaconPeriodOf(
  lcConfig: EthereumLightClientConfig,
  o: BeaconApiObject | null | undefined,
  kind: 'bootstrap' | 'update' | 'finality',
): number | undefined {
  const json = o?.data as SlotJson | undefined // reason: beacon-API JSON, any field may be missing
  const at =
    kind === 'bootstrap'
      ? json?.header?.beacon?.slot
      : kind === 'update'
        ? json?.attested_header?.beacon?.slot
        : (json?.signature_slot ?? json?.attested_header?.beacon?.slot)
  const slot = Number(at)
  return Number.isFinite(slot) ? computeSyncCommitteePeriodAtSlot(lcConfig, slot) : undefined
}
