/**
 * `@relaymesh/light-client/config`: the Ethereum light client's chain facts (preset values, fork schedule, epoch and
 * sync-committee period arithmetic) without its SSZ types. Its own entry for a process that only needs the arithmetic:
 * the watcher's beacon feeder pages updates by period and verifies nothing, so it never loads `@lodestar/types`,
 * `@chainsafe/ssz` and their hashing (which `@relaymesh/light-client` builds when first imported).
 *
 * @example
 * const config = createEthereumLightClientConfig({ preset: 'mainnet', chainConfig: mainnetChainConfig })
 * const period = computeSyncCommitteePeriodAtSlot(config, Number(update.attested_header.beacon.slot))
 */
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
