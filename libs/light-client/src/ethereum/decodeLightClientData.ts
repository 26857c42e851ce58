import type { ValueOf } from '@chainsafe/ssz'
import { lodestarSsz as ssz } from './lodestarSsz.js'
import { LightClientError } from '../LightClientError.js'
import { ETHEREUM_FORKS, type EthereumForkName } from './EthereumLightClientConfig.js'
import {
  FINALITY_DEPTH,
  SYNC_COMMITTEE_DEPTH,
  type LightClientBootstrap,
  type LightClientHeader,
  type LightClientTypes,
  type LightClientUpdate,
} from './lightClientTypes.js'
import { normalizeMerkleBranch } from './merkleBranch.js'

/** Which light-client object: the wire type names of the beacon API and the p2p req/resp. */
export type LightClientDataKind = 'bootstrap' | 'update' | 'finality_update' | 'optimistic_update'

const typeName = {
  bootstrap: 'LightClientBootstrap',
  update: 'LightClientUpdate',
  finality_update: 'LightClientFinalityUpdate',
  optimistic_update: 'LightClientOptimisticUpdate',
} as const

type AnyHeader = {
  beacon: LightClientHeader['beacon']
  execution?: Partial<LightClientHeader['execution']>
  executionBranch?: Uint8Array[]
}

/**
 * capella/deneb/electra `light-client/fork.md` `upgrade_lc_header_to_*`:
 * older headers get an empty execution header (pre-Capella) or zero blob
 * fields (Capella), so the store keeps one shape.
 */
export function upgradeLightClientHeader(header: AnyHeader): LightClientHeader {
  const empty = ssz.deneb.LightClientHeader.defaultValue()
  if (header.execution === undefined) return { ...empty, beacon: header.beacon }
  return {
    beacon: header.beacon,
    execution: { ...empty.execution, ...header.execution },
    executionBranch: header.executionBranch ?? empty.executionBranch,
  }
}

type AnyUpdate = {
  attestedHeader: AnyHeader
  nextSyncCommittee?: LightClientUpdate['nextSyncCommittee']
  nextSyncCommitteeBranch?: Uint8Array[]
  finalizedHeader?: AnyHeader
  finalityBranch?: Uint8Array[]
  syncAggregate: LightClientUpdate['syncAggregate']
  signatureSlot: number
}

/**
 * Any update, finality update or optimistic update, in any fork's format,
 * as a latest-format `LightClientUpdate` (electra `upgrade_lc_update_to_electra`
 * with `normalize_merkle_branch`; altair `process_light_client_finality_update`
 * and `..._optimistic_update` fill the missing parts with empty values).
 */
export function upgradeLightClientUpdate(types: LightClientTypes, update: AnyUpdate): LightClientUpdate {
  const emptyBranch = (depth: number) => Array.from({ length: depth }, () => new Uint8Array(32))
  return {
    attestedHeader: upgradeLightClientHeader(update.attestedHeader),
    nextSyncCommittee: update.nextSyncCommittee ?? types.SyncCommittee.defaultValue(),
    nextSyncCommitteeBranch: normalizeMerkleBranch(
      update.nextSyncCommitteeBranch ?? emptyBranch(SYNC_COMMITTEE_DEPTH.electra),
      SYNC_COMMITTEE_DEPTH.electra,
    ),
    finalizedHeader: upgradeLightClientHeader(update.finalizedHeader ?? ssz.altair.LightClientHeader.defaultValue()),
    finalityBranch: normalizeMerkleBranch(
      update.finalityBranch ?? emptyBranch(FINALITY_DEPTH.electra),
      FINALITY_DEPTH.electra,
    ),
    syncAggregate: update.syncAggregate,
    signatureSlot: update.signatureSlot,
  }
}

/** electra `upgrade_lc_bootstrap_to_electra` (and the earlier header upgrades). */
export function upgradeLightClientBootstrap(bootstrap: {
  header: AnyHeader
  currentSyncCommittee: LightClientBootstrap['currentSyncCommittee']
  currentSyncCommitteeBranch: Uint8Array[]
}): LightClientBootstrap {
  return {
    header: upgradeLightClientHeader(bootstrap.header),
    currentSyncCommittee: bootstrap.currentSyncCommittee,
    currentSyncCommitteeBranch: normalizeMerkleBranch(
      bootstrap.currentSyncCommitteeBranch,
      SYNC_COMMITTEE_DEPTH.electra,
    ),
  }
}

export type LightClientDataReturnType<kind extends LightClientDataKind> = kind extends 'bootstrap'
  ? LightClientBootstrap
  : LightClientUpdate

function typeFor(types: LightClientTypes, fork: EthereumForkName, kind: LightClientDataKind) {
  if (fork === 'phase0') {
    throw new LightClientError('No light-client data before Altair', {
      code: 'LC_WRONG_FORK_OR_DOMAIN',
      meta: { fork },
    })
  }
  return types.byFork[fork][typeName[kind]]
}

function upgrade<kind extends LightClientDataKind>(
  types: LightClientTypes,
  kind: kind,
  value: unknown,
): LightClientDataReturnType<kind> {
  const upgraded =
    kind === 'bootstrap'
      ? upgradeLightClientBootstrap(value as Parameters<typeof upgradeLightClientBootstrap>[0])
      : upgradeLightClientUpdate(types, value as AnyUpdate)
  // reason: the conditional type follows `kind` exactly as the branch above
  return upgraded as LightClientDataReturnType<kind>
}

/**
 * Decodes a light-client object's SSZ bytes in `fork`'s format and upgrades
 * it to the store's (latest) format. Finality and optimistic updates come
 * back as `LightClientUpdate`s.
 *
 * @throws LightClientError `LC_MALFORMED_INPUT` when the bytes do not decode.
 * @example
 * const update = decodeLightClientData(context.types, 'deneb', 'update', bytes)
 */
export function decodeLightClientData<kind extends LightClientDataKind>(
  types: LightClientTypes,
  fork: EthereumForkName,
  kind: kind,
  bytes: Uint8Array,
): LightClientDataReturnType<kind> {
  const type = typeFor(types, fork, kind)
  let value: ValueOf<typeof type>
  try {
    value = type.deserialize(bytes)
  } catch (error) {
    throw new LightClientError(`Bytes are not a ${fork} ${typeName[kind]}`, {
      code: 'LC_MALFORMED_INPUT',
      meta: { fork, kind },
      cause: error,
    })
  }
  return upgrade(types, kind, value)
}

/**
 * Reads a beacon-API light-client response (`{ version, data }`, snake_case
 * JSON as served by `/eth/v1/beacon/light_client/*`) and upgrades it to the
 * store's format.
 *
 * @throws LightClientError `LC_MALFORMED_INPUT` / `LC_WRONG_FORK_OR_DOMAIN`.
 * @example
 * const bootstrap = lightClientDataFromJson(context.types, 'bootstrap', await res.json())
 */
export function lightClientDataFromJson<kind extends LightClientDataKind>(
  types: LightClientTypes,
  kind: kind,
  response: { version: string; data: unknown },
): LightClientDataReturnType<kind> {
  const fork = response.version as EthereumForkName // reason: checked against the fork list next
  if (!ETHEREUM_FORKS.includes(fork))
    throw new LightClientError(`Unknown fork ${response.version}`, {
      code: 'LC_WRONG_FORK_OR_DOMAIN',
      meta: { version: response.version },
    })
  const type = typeFor(types, fork, kind)
  let value: ValueOf<typeof type>
  try {
    value = type.fromJson(response.data)
  } catch (error) {
    throw new LightClientError(`JSON is not a ${fork} ${typeName[kind]}`, {
      code: 'LC_MALFORMED_INPUT',
      meta: { fork, kind },
      cause: error,
    })
  }
  return upgrade(types, kind, value)
}
