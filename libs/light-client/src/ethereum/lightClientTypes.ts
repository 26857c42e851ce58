import { BitVectorType, ContainerType, VectorCompositeType, type ValueOf } from '@chainsafe/ssz'
import { lodestarSsz as ssz } from './lodestarSsz.js'
import type { EthereumForkName } from './EthereumLightClientConfig.js'

/**
 * SSZ types of the light-client containers. Headers do not depend on the
 * preset, so Lodestar's are reused; the containers holding a sync committee
 * (512 members on mainnet, 32 on minimal) are built here per committee size,
 * so one process can hold both presets (`@lodestar/types` fixes its preset
 * when first imported).
 *
 * Branch depths: altair `floorlog2(FINALIZED_ROOT_GINDEX)` = 6 and
 * `floorlog2(NEXT_SYNC_COMMITTEE_GINDEX)` = 5; electra
 * `light-client/sync-protocol.md` deepens them to 7 and 6 (gindices 169, 87).
 */
export const FINALITY_DEPTH = { altair: 6, electra: 7 } as const
export const SYNC_COMMITTEE_DEPTH = { altair: 5, electra: 6 } as const

const { Bytes32, BLSPubkey, BLSSignature, Slot } = ssz

export type HeaderFormat = 'altair' | 'capella' | 'deneb'

/** Which header and branch shapes a fork's light-client data uses (bellatrix = altair, fulu = electra). */
export function formatOfFork(fork: EthereumForkName): { header: HeaderFormat; branches: 'altair' | 'electra' } {
  switch (fork) {
    case 'phase0':
    case 'altair':
    case 'bellatrix':
      return { header: 'altair', branches: 'altair' }
    case 'capella':
      return { header: 'capella', branches: 'altair' }
    case 'deneb':
      return { header: 'deneb', branches: 'altair' }
    case 'electra':
    case 'fulu':
      return { header: 'deneb', branches: 'electra' }
  }
}

const headers = {
  altair: ssz.altair.LightClientHeader,
  capella: ssz.capella.LightClientHeader,
  deneb: ssz.deneb.LightClientHeader,
}

function branch(depth: number) {
  return new VectorCompositeType(Bytes32, depth)
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any header container; the result keeps its exact type
function buildForkTypes<H extends ContainerType<any>>(
  Header: H,
  branches: 'altair' | 'electra',
  committee: ReturnType<typeof buildCommitteeTypes>,
) {
  const { SyncCommittee, SyncAggregate } = committee
  const opts = { jsonCase: 'eth2' } as const
  return {
    LightClientHeader: Header,
    LightClientBootstrap: new ContainerType(
      {
        header: Header,
        currentSyncCommittee: SyncCommittee,
        currentSyncCommitteeBranch: branch(SYNC_COMMITTEE_DEPTH[branches]),
      },
      opts,
    ),
    LightClientUpdate: new ContainerType(
      {
        attestedHeader: Header,
        nextSyncCommittee: SyncCommittee,
        nextSyncCommitteeBranch: branch(SYNC_COMMITTEE_DEPTH[branches]),
        finalizedHeader: Header,
        finalityBranch: branch(FINALITY_DEPTH[branches]),
        syncAggregate: SyncAggregate,
        signatureSlot: Slot,
      },
      opts,
    ),
    LightClientFinalityUpdate: new ContainerType(
      {
        attestedHeader: Header,
        finalizedHeader: Header,
        finalityBranch: branch(FINALITY_DEPTH[branches]),
        syncAggregate: SyncAggregate,
        signatureSlot: Slot,
      },
      opts,
    ),
    LightClientOptimisticUpdate: new ContainerType(
      { attestedHeader: Header, syncAggregate: SyncAggregate, signatureSlot: Slot },
      opts,
    ),
  }
}

function buildCommitteeTypes(syncCommitteeSize: number) {
  return {
    SyncCommittee: new ContainerType(
      { pubkeys: new VectorCompositeType(BLSPubkey, syncCommitteeSize), aggregatePubkey: BLSPubkey },
      { typeName: 'SyncCommittee', jsonCase: 'eth2' },
    ),
    SyncAggregate: new ContainerType(
      { syncCommitteeBits: new BitVectorType(syncCommitteeSize), syncCommitteeSignature: BLSSignature },
      { typeName: 'SyncAggregate', jsonCase: 'eth2' },
    ),
  }
}

/**
 * The light-client SSZ types for one committee size: `byFork[fork]` decodes
 * that fork's wire format; `latest` (electra shapes) is the store's format.
 *
 * @example
 * const types = createLightClientTypes(32) // minimal preset
 * const update = types.byFork.deneb.LightClientUpdate.deserialize(bytes)
 */
export function createLightClientTypes(syncCommitteeSize: number) {
  const committee = buildCommitteeTypes(syncCommitteeSize)
  const altair = buildForkTypes(headers.altair, 'altair', committee)
  const capella = buildForkTypes(headers.capella, 'altair', committee)
  const deneb = buildForkTypes(headers.deneb, 'altair', committee)
  const electra = buildForkTypes(headers.deneb, 'electra', committee)
  const byFork = { phase0: altair, altair, bellatrix: altair, capella, deneb, electra, fulu: electra } as const
  return { ...committee, byFork, latest: electra }
}

export type LightClientTypes = ReturnType<typeof createLightClientTypes>
type Latest = LightClientTypes['latest']

/** The store's (latest-fork) shapes: every older format is upgraded to these on the way in. */
export type LightClientHeader = ValueOf<Latest['LightClientHeader']>
export type LightClientBootstrap = ValueOf<Latest['LightClientBootstrap']>
export type LightClientUpdate = ValueOf<Latest['LightClientUpdate']>
export type LightClientFinalityUpdate = ValueOf<Latest['LightClientFinalityUpdate']>
export type LightClientOptimisticUpdate = ValueOf<Latest['LightClientOptimisticUpdate']>
export type SyncCommittee = ValueOf<LightClientTypes['SyncCommittee']>
export type SyncAggregate = ValueOf<LightClientTypes['SyncAggregate']>
export type BeaconBlockHeader = ValueOf<typeof ssz.phase0.BeaconBlockHeader>
export type ExecutionPayloadHeader = ValueOf<typeof ssz.deneb.ExecutionPayloadHeader>
