/**
 * Building blocks for sibling libs and the devnet signers (SSZ types,
 * Merkle branches, domains); not part of the stable public API.
 */
export {
  createLightClientTypes,
  FINALITY_DEPTH,
  SYNC_COMMITTEE_DEPTH,
  formatOfFork,
} from './ethereum/lightClientTypes.js'
export type { LightClientTypes } from './ethereum/lightClientTypes.js'
export {
  upgradeLightClientBootstrap,
  upgradeLightClientHeader,
  upgradeLightClientUpdate,
} from './ethereum/decodeLightClientData.js'
export { getLcExecutionRoot, hashBeaconHeader, isValidLightClientHeader } from './ethereum/lightClientHeader.js'
export {
  GINDEX,
  isValidMerkleBranch,
  isValidNormalizedMerkleBranch,
  normalizeMerkleBranch,
} from './ethereum/merkleBranch.js'
export { computeSigningRoot, computeSyncCommitteeDomain, signingForkOf } from './ethereum/verifySyncAggregate.js'
export { applyLightClientUpdate } from './ethereum/processLightClientUpdate.js'
export { finalizedExecutionOf, gindexAtSlot } from './ethereum/initializeLightClientStore.js'
