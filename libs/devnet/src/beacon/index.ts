// `@relaymesh/devnet/beacon`: the local Ethereum beacon chain model the devnet's light-client signer serves, for
// the relayer's light-client tests and benches.
export { createBeaconChainModel, type BeaconChainModel, type ExecutionBlock } from './createBeaconChainModel.js'
export { createDevnetContext, DEVNET_FORK, DEVNET_GENESIS_VALIDATORS_ROOT } from './devnetBeaconConfig.js'
export { syntheticExecutionBlocks } from './syntheticExecutionBlocks.js'
