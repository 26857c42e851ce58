/** Test-only loaders for the helios mainnet light-client data (eth-mainnet-lc/helios, README there). */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { mainnetChainConfig } from '@lodestar/config/networks'
import { createEthereumLightClientConfig } from '../EthereumLightClientConfig.js'
import { VECTORS, fromHex } from './specVectors.js'

const HELIOS = join(VECTORS, 'eth-mainnet-lc/helios')

type ApiResponse = { version: string; data: unknown }

export function readHelios<T = ApiResponse>(file: string): T {
  return JSON.parse(readFileSync(join(HELIOS, file), 'utf8')) as T // reason: beacon-API JSON of known shape
}

/** From the vectors README: the bootstrap's trusted block root. */
export const MAINNET_TRUSTED_BLOCK_ROOT = fromHex('0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275')
/** Mainnet genesis_validators_root (Lodestar `@lodestar/config/networks` genesisData.mainnet). */
export const MAINNET_GENESIS_VALIDATORS_ROOT = fromHex(
  '0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95',
)

export const mainnetConfig = () =>
  createEthereumLightClientConfig({ preset: 'mainnet', chainConfig: mainnetChainConfig })
