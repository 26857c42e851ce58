import type { BeaconFinalityConfig } from '@relaymesh/relayer/internal'
import type { BeaconSigner } from './startBeaconSigner.js'

/**
 * The relayers' `finality` for the Ethereum stand-in behind the devnet beacon
 * signer: its beacon API, its genesis root as the trusted root, the minimal
 * preset and its fork schedule, and the execution head as the slot clock
 * (the devnet maps one execution block to one slot).
 */
export function beaconFinalityConfig(signer: BeaconSigner, pollIntervalMs = 250): BeaconFinalityConfig {
  return {
    kind: 'light-client',
    beaconApiUrl: signer.url,
    trustedBlockRoot: signer.trustedBlockRoot,
    genesisValidatorsRoot: signer.genesisValidatorsRoot,
    preset: 'minimal',
    forkSchedule: { ...signer.forkSchedule },
    slotClock: { kind: 'execution-head' },
    pollIntervalMs,
  }
}
