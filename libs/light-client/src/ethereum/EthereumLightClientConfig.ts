import { mainnetPreset } from '@lodestar/params/presets/mainnet'
import { minimalPreset } from '@lodestar/params/presets/minimal'
import { LightClientError } from '../LightClientError.js'

/** Forks that change what a light client sees (consensus-specs `specs/<fork>/light-client/`). */
export const ETHEREUM_FORKS = ['phase0', 'altair', 'bellatrix', 'capella', 'deneb', 'electra', 'fulu'] as const
export type EthereumForkName = (typeof ETHEREUM_FORKS)[number]

export type EthereumPresetName = 'mainnet' | 'minimal'

export type EthereumFork = { name: EthereumForkName; version: Uint8Array; epoch: number }

/**
 * The chain facts the sync protocol needs, as plain data (structured-clone
 * safe, so a worker thread can receive it). The preset values are carried
 * here rather than read from `@lodestar/params`, whose preset is fixed once
 * per process: with them here one process can verify mainnet and minimal
 * chains side by side.
 */
export type EthereumLightClientConfig = {
  preset: EthereumPresetName
  slotsPerEpoch: number
  epochsPerSyncCommitteePeriod: number
  syncCommitteeSize: number
  minSyncCommitteeParticipants: number
  updateTimeout: number
  /** Ascending by epoch; a fork not scheduled has epoch `Infinity`. */
  forks: readonly EthereumFork[]
}

/** The `*_FORK_VERSION` / `*_FORK_EPOCH` fields of a consensus config (Lodestar `ChainConfig` fits). */
export type EthereumForkSchedule = {
  GENESIS_FORK_VERSION: Uint8Array
} & Partial<Record<`${Uppercase<Exclude<EthereumForkName, 'phase0'>>}_FORK_VERSION`, Uint8Array>> &
  Partial<Record<`${Uppercase<Exclude<EthereumForkName, 'phase0'>>}_FORK_EPOCH`, number>>

export type CreateEthereumLightClientConfigParameters = {
  preset: EthereumPresetName
  chainConfig: EthereumForkSchedule
}

const presets = { mainnet: mainnetPreset, minimal: minimalPreset } as const

/**
 * Builds the light-client config from a preset name and a fork schedule.
 *
 * @example
 * import { mainnetChainConfig } from '@lodestar/config/networks'
 * const config = createEthereumLightClientConfig({ preset: 'mainnet', chainConfig: mainnetChainConfig })
 */
export function createEthereumLightClientConfig(
  parameters: CreateEthereumLightClientConfigParameters,
): EthereumLightClientConfig {
  const { preset, chainConfig } = parameters
  const p = presets[preset]
  const forks: EthereumFork[] = [{ name: 'phase0', version: chainConfig.GENESIS_FORK_VERSION, epoch: 0 }]
  for (const name of ETHEREUM_FORKS.slice(1) as Exclude<EthereumForkName, 'phase0'>[]) {
    // reason: slice(1) drops phase0
    const upper = name.toUpperCase() as Uppercase<typeof name> // reason: toUpperCase keeps the literal's letters
    const version = chainConfig[`${upper}_FORK_VERSION`]
    const epoch = chainConfig[`${upper}_FORK_EPOCH`]
    if (version === undefined || epoch === undefined) break
    forks.push({ name, version, epoch: Number.isFinite(epoch) && epoch < Number.MAX_SAFE_INTEGER ? epoch : Infinity })
  }
  return {
    preset,
    slotsPerEpoch: p.SLOTS_PER_EPOCH,
    epochsPerSyncCommitteePeriod: p.EPOCHS_PER_SYNC_COMMITTEE_PERIOD,
    syncCommitteeSize: p.SYNC_COMMITTEE_SIZE,
    minSyncCommitteeParticipants: p.MIN_SYNC_COMMITTEE_PARTICIPANTS,
    updateTimeout: p.UPDATE_TIMEOUT,
    forks,
  }
}

/** phase0 `compute_epoch_at_slot`. */
export function computeEpochAtSlot(config: EthereumLightClientConfig, slot: number): number {
  return Math.floor(slot / config.slotsPerEpoch)
}

/** altair light-client `compute_sync_committee_period_at_slot`. */
export function computeSyncCommitteePeriodAtSlot(config: EthereumLightClientConfig, slot: number): number {
  return Math.floor(computeEpochAtSlot(config, slot) / config.epochsPerSyncCommitteePeriod)
}

/** The fork active at `epoch` (phase0 `compute_fork_version`, generalised to the fork's name). */
export function forkAtEpoch(config: EthereumLightClientConfig, epoch: number): EthereumFork {
  let active = config.forks[0]
  for (const fork of config.forks) if (epoch >= fork.epoch) active = fork
  if (active === undefined) throw new LightClientError('Chain config has no forks', { code: 'LC_WRONG_FORK_OR_DOMAIN' })
  return active
}

export function forkAtSlot(config: EthereumLightClientConfig, slot: number): EthereumFork {
  return forkAtEpoch(config, computeEpochAtSlot(config, slot))
}

/** True when `fork` is `at` or later in {@link ETHEREUM_FORKS}. */
export function isForkAtLeast(fork: EthereumForkName, at: EthereumForkName): boolean {
  return ETHEREUM_FORKS.indexOf(fork) >= ETHEREUM_FORKS.indexOf(at)
}

/** The epoch at which `name` activates (`Infinity` when not scheduled). */
export function forkEpoch(config: EthereumLightClientConfig, name: EthereumForkName): number {
  return config.forks.find((f) => f.name === name)?.epoch ?? Infinity
}
