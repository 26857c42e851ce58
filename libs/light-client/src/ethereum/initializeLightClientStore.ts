import { bytesToHex } from '@relaymesh/receipt-proof/internal'
import { LightClientError } from '../LightClientError.js'
import type { EthereumLightClientContext } from './EthereumLightClientContext.js'
import { forkAtSlot, isForkAtLeast } from './EthereumLightClientConfig.js'
import { hashBeaconHeader, isValidLightClientHeader } from './lightClientHeader.js'
import { defaultFinalizedExecutionsLimit, type FinalizedExecution, type LightClientStore } from './LightClientStore.js'
import type { LightClientBootstrap, LightClientHeader } from './lightClientTypes.js'
import { equalBytes, GINDEX, isValidNormalizedMerkleBranch } from './merkleBranch.js'

export type InitializeLightClientStoreOptions = { finalizedExecutionsLimit?: number }

/** The gindex for `key` at `slot`'s fork (electra `*_gindex_at_slot`). */
export function gindexAtSlot(
  context: EthereumLightClientContext,
  key: 'finalizedRoot' | 'currentSyncCommittee' | 'nextSyncCommittee',
  slot: number,
): number {
  return isForkAtLeast(forkAtSlot(context.config, slot).name, 'electra') ? GINDEX[key].electra : GINDEX[key].altair
}

/** The finalized execution block carried by `header`, or `null` before Capella (no execution payload header). */
export function finalizedExecutionOf(
  context: EthereumLightClientContext,
  header: LightClientHeader,
  source: FinalizedExecution['source'],
): FinalizedExecution | null {
  if (!isForkAtLeast(forkAtSlot(context.config, header.beacon.slot).name, 'capella')) return null
  const { execution } = header
  return {
    beaconSlot: header.beacon.slot,
    beaconRoot: bytesToHex(hashBeaconHeader(header)),
    blockNumber: execution.blockNumber,
    blockHash: bytesToHex(execution.blockHash),
    receiptsRoot: bytesToHex(execution.receiptsRoot),
    stateRoot: bytesToHex(execution.stateRoot),
    source,
  }
}

/**
 * altair `light-client/sync-protocol.md` `initialize_light_client_store`
 * (with the capella `is_valid_light_client_header` and electra normalized
 * branch): the bootstrap header must hash to the operator's trusted block
 * root and its current sync committee must be under its state root.
 *
 * @throws LightClientError `LC_INVALID_BOOTSTRAP`.
 * @example
 * const bootstrap = lightClientDataFromJson(context.types, 'bootstrap', json)
 * const store = initializeLightClientStore(trustedBlockRoot, bootstrap, context)
 */
export function initializeLightClientStore(
  trustedBlockRoot: Uint8Array,
  bootstrap: LightClientBootstrap,
  context: EthereumLightClientContext,
  options: InitializeLightClientStoreOptions = {},
): LightClientStore {
  const { header } = bootstrap
  const fail = (why: string) =>
    new LightClientError(`Invalid bootstrap: ${why}`, {
      code: 'LC_INVALID_BOOTSTRAP',
      meta: { slot: header.beacon.slot },
    })
  if (!isValidLightClientHeader(context.config, header)) throw fail('execution header not under the body root')
  if (!equalBytes(hashBeaconHeader(header), trustedBlockRoot))
    throw fail('header does not hash to the trusted block root')
  if (bootstrap.currentSyncCommittee.pubkeys.length !== context.config.syncCommitteeSize)
    throw fail('committee size does not match the preset')
  const leaf = context.types.SyncCommittee.hashTreeRoot(bootstrap.currentSyncCommittee)
  const gindex = gindexAtSlot(context, 'currentSyncCommittee', header.beacon.slot)
  if (!isValidNormalizedMerkleBranch(leaf, bootstrap.currentSyncCommitteeBranch, gindex, header.beacon.stateRoot)) {
    throw fail('current sync committee not under the state root')
  }
  const execution = finalizedExecutionOf(context, header, 'bootstrap')
  return {
    finalizedHeader: header,
    currentSyncCommittee: bootstrap.currentSyncCommittee,
    nextSyncCommittee: context.types.SyncCommittee.defaultValue(),
    bestValidUpdate: null,
    optimisticHeader: header,
    previousMaxActiveParticipants: 0,
    currentMaxActiveParticipants: 0,
    finalizedExecutions: execution ? [execution] : [],
    finalizedExecutionsLimit: options.finalizedExecutionsLimit ?? defaultFinalizedExecutionsLimit,
    forcedSinceSlot: null,
  }
}
