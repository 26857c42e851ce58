import type { EthereumForkSchedule } from '@relaymesh/light-client/config'
import { hexToBytes } from '@relaymesh/protocol'
import type { BeaconFinalityConfig } from './beaconFinalitySchema.js'

/** The config's fork schedule with byte versions, as the light-client lib takes it. */
export function forkScheduleOf(config: Pick<BeaconFinalityConfig, 'forkSchedule'>): EthereumForkSchedule {
  const out: Record<string, Uint8Array | number> = {}
  for (const [key, value] of Object.entries(config.forkSchedule))
    out[key] = typeof value === 'string' ? hexToBytes(value as `0x${string}`) : value // reason: schema checked 0x hex
  return out as EthereumForkSchedule // reason: schema checked the *_FORK_VERSION / *_FORK_EPOCH names
}
