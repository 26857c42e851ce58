import {
  createEthereumLightClientConfig,
  createEthereumLightClientContext,
  type EthereumLightClientContext,
} from '@relaymesh/light-client'
import type { BeaconFinalityConfig } from './beaconFinalitySchema.js'
import { forkScheduleOf } from './forkScheduleOf.js'

/** The light-client context (config, SSZ types, key cache) for one Ethereum origin. */
export function createBeaconContext(
  config: Pick<BeaconFinalityConfig, 'forkSchedule' | 'preset'>,
): EthereumLightClientContext {
  return createEthereumLightClientContext(
    createEthereumLightClientConfig({ preset: config.preset, chainConfig: forkScheduleOf(config) }),
  )
}
