import type { Hex } from '@relaymesh/receipt-proof'
import type { LightClientHeader, LightClientUpdate, SyncCommittee } from './lightClientTypes.js'

/**
 * An execution block the store has seen as the payload of a finalized
 * beacon header. `source` says how it got there: `bootstrap` (the
 * operator's trusted root), `finality` (a finality branch under a
 * supermajority-signed attested header) or `forced`
 * (`process_light_client_store_force_update` promoted an attested header
 * that Casper had not finalized; never answered as final).
 */
export type FinalizedExecution = {
  beaconSlot: number
  beaconRoot: Hex
  blockNumber: number
  blockHash: Hex
  receiptsRoot: Hex
  stateRoot: Hex
  source: 'bootstrap' | 'finality' | 'forced'
}

/**
 * altair `light-client/sync-protocol.md` `LightClientStore`, as plain data
 * (structured-clone safe), in the latest fork's shapes, plus relaymesh's
 * bounded history of finalized execution blocks.
 *
 * Why a history: finality advances one checkpoint (an epoch) at a time, so
 * by the time a relayer asks about a message's block the store may have
 * moved past it. The history answers for every checkpoint the store has
 * finalized (a few hundred bytes each; 8192 entries ~ 36 days of mainnet
 * epochs), and a block between two checkpoints is proven by a parent-hash
 * chain up to one of them (`getFinalizedExecution`'s `ancestry`).
 */
export type LightClientStore = {
  finalizedHeader: LightClientHeader
  currentSyncCommittee: SyncCommittee
  nextSyncCommittee: SyncCommittee
  bestValidUpdate: LightClientUpdate | null
  optimisticHeader: LightClientHeader
  previousMaxActiveParticipants: number
  currentMaxActiveParticipants: number
  /** Ascending by block number; at most `finalizedExecutionsLimit` entries. */
  finalizedExecutions: FinalizedExecution[]
  finalizedExecutionsLimit: number
  /**
   * The finalized slot of the first forced update since the last trusted
   * checkpoint (bootstrap), or null. A forced update needs only one
   * committee signature on an attested header, and its next sync committee
   * is learned from that header's state: everything verified afterwards
   * (committees, finalized headers) derives from it, so the whole store
   * stays `forced` until {@link reanchorLightClientStore} re-anchors it on a
   * trusted block root. Absent in stores persisted before this field (no
   * relayer forced an update then), read as null.
   */
  forcedSinceSlot?: number | null
}

export const defaultFinalizedExecutionsLimit = 8192

/**
 * Whether the store has applied a forced update since its last trusted checkpoint (its finality is not answered as
 * final).
 */
export function isForcedStore(store: LightClientStore): boolean {
  return store.forcedSinceSlot !== undefined && store.forcedSinceSlot !== null
}
