import type { EthereumLightClientContext, LightClientStore } from '@relaymesh/light-client'
import { bytesToHex, hexToBytes } from '@relaymesh/protocol'

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/**
 * The sync-committee store as bytes for `finality_states.data`: headers,
 * committees and the best update in their SSZ encodings (hex), the rest as
 * JSON.
 */
export function encodeBeaconStore(context: EthereumLightClientContext, store: LightClientStore): Uint8Array {
  const { latest, SyncCommittee } = context.types
  return encoder.encode(JSON.stringify({
    finalizedHeader: bytesToHex(latest.LightClientHeader.serialize(store.finalizedHeader)),
    optimisticHeader: bytesToHex(latest.LightClientHeader.serialize(store.optimisticHeader)),
    currentSyncCommittee: bytesToHex(SyncCommittee.serialize(store.currentSyncCommittee)),
    nextSyncCommittee: bytesToHex(SyncCommittee.serialize(store.nextSyncCommittee)),
    bestValidUpdate: store.bestValidUpdate ? bytesToHex(latest.LightClientUpdate.serialize(store.bestValidUpdate)) : null,
    previousMaxActiveParticipants: store.previousMaxActiveParticipants,
    currentMaxActiveParticipants: store.currentMaxActiveParticipants,
    finalizedExecutions: store.finalizedExecutions,
    finalizedExecutionsLimit: store.finalizedExecutionsLimit,
  }))
}

type Stored = Omit<LightClientStore, 'finalizedHeader' | 'optimisticHeader' | 'currentSyncCommittee' | 'nextSyncCommittee' | 'bestValidUpdate'> & {
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
