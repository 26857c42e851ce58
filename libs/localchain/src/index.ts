/**
 * Local EVM chains for development and tests: anvil processes on free ports with typed viem
 * clients, and the relaymesh bridge contracts deployed on them.
 *
 * @example
 * await using chains = await startLocalChains()
 * const [eth, bsc] = await Promise.all([deployBridge(chains.ethereum, opts), deployBridge(chains.bsc, opts)])
 * await linkBridges(eth, bsc)
 */
export { startAnvil, anvilBinary } from './startAnvil.js'
export type { AnvilInstance, StartAnvilParameters, StartAnvilReturnType } from './startAnvil.js'
export { dieWithParent, type DieWithParentParameters } from './dieWithParent.js'
export { startLocalChains, localDomains } from './startLocalChains.js'
export type { LocalChains, StartLocalChainsParameters } from './startLocalChains.js'
export { deployBridge, linkBridges, defaultRotationDelay } from './deployBridge.js'
export type {
  Bridge,
  BridgeAddresses,
  BridgeClients,
  BridgeContracts,
  DeployBridgeParameters,
  DeployBridgeReturnType,
} from './deployBridge.js'
export { rotateRelayerSet } from './rotateRelayerSet.js'
export type { RotateRelayerSetParameters, RotateRelayerSetReturnType } from './rotateRelayerSet.js'
export { devAccounts, anvilMnemonic, anvilPrivateKeys } from './devAccounts.js'
export type { DevAccount } from './devAccounts.js'
export { LocalchainError } from './LocalchainError.js'
export type { LocalchainErrorCode } from './LocalchainError.js'
export { padGasEstimates } from './padGasEstimates.js'
export type { PadGasEstimatesParameters } from './padGasEstimates.js'
export { waitForMinedReceipt } from './waitForMinedReceipt.js'
export type { WaitForMinedReceiptParameters } from './waitForMinedReceipt.js'
