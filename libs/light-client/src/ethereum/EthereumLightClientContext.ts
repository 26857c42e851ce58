import type { EthereumLightClientConfig } from './EthereumLightClientConfig.js'
import { createLightClientTypes, type LightClientTypes } from './lightClientTypes.js'
import { SyncCommitteeKeyCache, type SyncCommitteeKeyCacheOptions } from './SyncCommitteeKeyCache.js'

/**
 * What the pure functions need besides the store: the chain config, the
 * SSZ types for its committee size and the decoded-key cache. Build one per
 * thread (it holds native BLS points, which do not cross threads); the store
 * itself stays plain data and can be sent between threads.
 */
export type EthereumLightClientContext = {
  config: EthereumLightClientConfig
  types: LightClientTypes
  keyCache: SyncCommitteeKeyCache
}

/**
 * @example
 * const context = createEthereumLightClientContext(createEthereumLightClientConfig({ preset: 'minimal', chainConfig }))
 */
export function createEthereumLightClientContext(
  config: EthereumLightClientConfig,
  options: { keyCache?: Partial<SyncCommitteeKeyCacheOptions> } = {},
): EthereumLightClientContext {
  return {
    config,
    types: createLightClientTypes(config.syncCommitteeSize),
    keyCache: new SyncCommitteeKeyCache(options.keyCache),
  }
}
