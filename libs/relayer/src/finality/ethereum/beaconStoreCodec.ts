import {
  lightClientDataFromJson,
  processLightClientUpdate,
  type EthereumLightClientContext,
  type LightClientStore,
} from '@relaymesh/light-client'
import { bytesToHex, hexToBytes } from '@relaymesh/protocol'
import type { BeaconUpdateMessage } from './beaconUpdateCodec.js'

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/**
 * The sync-committee store as bytes for `finality_states.data`: headers,
 * committees and the best update in their SSZ encodings (hex), the rest as
 * JSON.
 */
export function encodeBeaconStore(context: EthereumLightClientContext, store: LightClientStore): Uint8Array {
  const { latest, SyncCommittee } = context.types
  return encoder.encode(
    JSON.stringify({
      finalizedHeader: bytesToHex(latest.LightClientHeader.serialize(store.finalizedHeader)),
      optimisticHeader: bytesToHex(latest.LightClientHeader.serialize(store.optimisticHeader)),
      currentSyncCommittee: bytesToHex(SyncCommittee.serialize(store.currentSyncCommittee)),
      nextSyncCommittee: bytesToHex(SyncCommittee.serialize(store.nextSyncCommittee)),
      bestValidUpdate: store.bestValidUpdate
        ? bytesToHex(latest.LightClientUpdate.serialize(store.bestValidUpdate))
        : null,
      previousMaxActiveParticipants: store.previousMaxActiveParticipants,
      currentMaxActiveParticipants: store.currentMaxActiveParticipants,
      finalizedExecutions: store.finalizedExecutions,
      finalizedExecutionsLimit: store.finalizedExecutionsLimit,
    }),
  )
}

type Stored = Omit<
  LightClientStore,
  'finalizedHeader' | 'optimisticHeader' | 'currentSyncCommittee' | 'nextSyncCommittee' | 'bestValidUpdate'
> & {
  finalizedHeader: `0x${string}`
  optimisticHeader: `0x${string}`
  currentSyncCommittee: `0x${string}`
  nextSyncCommittee: `0x${string}`
  bestValidUpdate: `0x${string}` | null
}

/** Inverse of {@link encodeBeaconStore}. */
export function decodeBeaconStore(context: EthereumLightClientContext, bytes: Uint8Array): LightClientStore {
  const { latest, SyncCommittee } = context.types
  const s = JSON.parse(decoder.decode(bytes)) as Stored // reason: written by encodeBeaconStore into our own table
  return {
    ...s,
    finalizedHeader: latest.LightClientHeader.deserialize(hexToBytes(s.finalizedHeader)),
    optimisticHeader: latest.LightClientHeader.deserialize(hexToBytes(s.optimisticHeader)),
    currentSyncCommittee: SyncCommittee.deserialize(hexToBytes(s.currentSyncCommittee)),
    nextSyncCommittee: SyncCommittee.deserialize(hexToBytes(s.nextSyncCommittee)),
    bestValidUpdate: s.bestValidUpdate ? latest.LightClientUpdate.deserialize(hexToBytes(s.bestValidUpdate)) : null,
  }
}

/** The updates one write applied and the slot they were checked at: the journal delta of the sync-committee store. */
export type BeaconDelta = { slot: number; updates: BeaconUpdateMessage[] }

/**
 * A journal delta as JSON, replayed through `processLightClientUpdate` at its own slot on load (pure, so it rebuilds
 * the same store).
 */
export function encodeBeaconDelta(delta: BeaconDelta): Uint8Array {
  return encoder.encode(JSON.stringify(delta))
}

/**
 * The store a `finality_states` row stands for: its snapshot with every journal delta after it applied in order
 * (`getFinalityState` has checked that the deltas have no hole). A delta that no longer applies throws.
 *
 * @example
 * const store = restoreBeaconStore(context, gvr, await getFinalityState(db, { chain, client: BEACON_CLIENT }))
 */
export function restoreBeaconStore(
  context: EthereumLightClientContext,
  genesisValidatorsRoot: Uint8Array,
  row: { data: Uint8Array; journal: readonly Uint8Array[] },
): LightClientStore {
  let store = decodeBeaconStore(context, row.data)
  for (const bytes of row.journal) {
    // reason: written by encodeBeaconDelta into our own table
    const delta = JSON.parse(decoder.decode(bytes)) as BeaconDelta
    for (const update of delta.updates) {
      store = processLightClientUpdate(
        store,
        lightClientDataFromJson(context.types, update.kind, update),
        delta.slot,
        genesisValidatorsRoot,
        context,
      )
    }
  }
  return store
}
