/**
 * `@relaymesh/light-client`: pure, synchronous finality proofs for source
 * chains (safe in worker threads, tested with vectors alone).
 *
 * Ethereum: the Altair sync protocol with Capella+ headers. Bootstrap from a
 * trusted block root, process updates, then ask whether an execution block
 * is final and check a receipt against its receipts root.
 *
 * @example
 * const config = createEthereumLightClientConfig({ preset: 'mainnet', chainConfig: mainnetChainConfig })
 * const context = createEthereumLightClientContext(config)
 * const bootstrap = lightClientDataFromJson(context.types, 'bootstrap', bootstrapJson)
 * let store = initializeLightClientStore(trustedRoot, bootstrap, context)
 * const update = lightClientDataFromJson(context.types, 'update', updateJson)
 * store = processLightClientUpdate(store, update, currentSlot, gvr, context)
 * const final = getFinalizedExecution(store, { blockNumber, blockHash })
 * if (final.status === 'final') verifyFinalizedReceipt(final, { txIndex, proof })
 *
 * Importing this entry builds the SSZ types; the chain facts alone (config, period arithmetic) are
 * `@relaymesh/light-client/config`.
 */
export { LightClientError, lightClientErrorActions } from './LightClientError.js'
export type {
  BscLightClientErrorCode,
  EthereumLightClientErrorCode,
  LightClientErrorCode,
  LightClientErrorParameters,
} from './LightClientError.js'

// Ethereum
export {
  computeEpochAtSlot,
  computeSyncCommitteePeriodAtSlot,
  createEthereumLightClientConfig,
  ETHEREUM_FORKS,
  forkAtSlot,
} from './ethereum/EthereumLightClientConfig.js'
export type {
  CreateEthereumLightClientConfigParameters,
  EthereumFork,
  EthereumForkName,
  EthereumForkSchedule,
  EthereumLightClientConfig,
  EthereumPresetName,
} from './ethereum/EthereumLightClientConfig.js'
export { createEthereumLightClientContext } from './ethereum/EthereumLightClientContext.js'
export type { EthereumLightClientContext } from './ethereum/EthereumLightClientContext.js'
export { SyncCommitteeKeyCache } from './ethereum/SyncCommitteeKeyCache.js'
export type { SyncCommitteeKeyCacheOptions } from './ethereum/SyncCommitteeKeyCache.js'
export { decodeLightClientData, lightClientDataFromJson } from './ethereum/decodeLightClientData.js'
export type { LightClientDataKind, LightClientDataReturnType } from './ethereum/decodeLightClientData.js'
export type {
  LightClientBootstrap,
  LightClientHeader,
  LightClientUpdate,
  SyncAggregate,
  SyncCommittee,
} from './ethereum/lightClientTypes.js'
export type { FinalizedExecution, LightClientStore } from './ethereum/LightClientStore.js'
export { isForcedStore } from './ethereum/LightClientStore.js'
export { initializeLightClientStore } from './ethereum/initializeLightClientStore.js'
export { reanchorLightClientStore } from './ethereum/reanchorLightClientStore.js'
export type { InitializeLightClientStoreOptions } from './ethereum/initializeLightClientStore.js'
export { validateLightClientUpdate } from './ethereum/validateLightClientUpdate.js'
export { processLightClientStoreForceUpdate, processLightClientUpdate } from './ethereum/processLightClientUpdate.js'
export { isBetterUpdate } from './ethereum/isBetterUpdate.js'
export { getFinalizedExecution } from './ethereum/getFinalizedExecution.js'
export type {
  FinalExecution,
  GetFinalizedExecutionParameters,
  GetFinalizedExecutionReturnType,
} from './ethereum/getFinalizedExecution.js'
export { verifyFinalizedReceipt } from './ethereum/verifyFinalizedReceipt.js'
export type { VerifyFinalizedReceiptParameters } from './ethereum/verifyFinalizedReceipt.js'
export { ethFastAggregateVerify, fastAggregateVerify } from './ethereum/fastAggregateVerify.js'

// BSC (Parlia): see ./bsc/index.ts (also `@relaymesh/light-client/bsc`, without the Ethereum SSZ types)
export * from './bsc/index.js'
