import { lodestarSsz as ssz } from './lodestarSsz.js'
import { computeEpochAtSlot, forkEpoch, type EthereumLightClientConfig } from './EthereumLightClientConfig.js'
import type { LightClientHeader } from './lightClientTypes.js'
import { GINDEX, gindexDepth, isValidMerkleBranch, isZeroBranch, subtreeIndex } from './merkleBranch.js'

/**
 * deneb/electra `light-client/sync-protocol.md` `get_lc_execution_root`: the
 * execution payload header's root in the format of the header's own fork
 * (Capella headers hash without the Deneb blob fields); zero before Capella.
 */
export function getLcExecutionRoot(config: EthereumLightClientConfig, header: LightClientHeader): Uint8Array {
  const epoch = computeEpochAtSlot(config, header.beacon.slot)
  if (epoch >= forkEpoch(config, 'deneb')) return ssz.deneb.ExecutionPayloadHeader.hashTreeRoot(header.execution)
  if (epoch >= forkEpoch(config, 'capella')) {
    const { blobGasUsed: _blobGasUsed, excessBlobGas: _excessBlobGas, ...capella } = header.execution
    return ssz.capella.ExecutionPayloadHeader.hashTreeRoot(capella)
  }
  return new Uint8Array(32)
}

/**
 * capella/deneb `light-client/sync-protocol.md` `is_valid_light_client_header`:
 * before Deneb the blob fields are zero; before Capella there is no
 * execution header at all; from Capella the execution payload header is
 * proven under `beacon.body_root` at `EXECUTION_PAYLOAD_GINDEX`.
 */
export function isValidLightClientHeader(config: EthereumLightClientConfig, header: LightClientHeader): boolean {
  const epoch = computeEpochAtSlot(config, header.beacon.slot)
  if (
    epoch < forkEpoch(config, 'deneb') &&
    (header.execution.blobGasUsed !== 0n || header.execution.excessBlobGas !== 0n)
  )
    return false
  if (epoch < forkEpoch(config, 'capella')) {
    return (
      ssz.deneb.ExecutionPayloadHeader.equals(header.execution, ssz.deneb.ExecutionPayloadHeader.defaultValue()) &&
      isZeroBranch(header.executionBranch)
    )
  }
  return isValidMerkleBranch(
    getLcExecutionRoot(config, header),
    header.executionBranch,
    gindexDepth(GINDEX.executionPayload),
    subtreeIndex(GINDEX.executionPayload),
    header.beacon.bodyRoot,
  )
}

/** `hash_tree_root(header.beacon)`: the beacon block root. */
export function hashBeaconHeader(header: LightClientHeader): Uint8Array {
  return ssz.phase0.BeaconBlockHeader.hashTreeRoot(header.beacon)
}
