/**
 * Test-only loaders for the consensus-spec light-client vectors in
 * /work/shared/vectors/eth-lc (README there). Reads them as they are:
 * snappy-block `.ssz_snappy`, YAML meta/config/steps.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { chainConfigFromJson, type ChainConfig } from '@lodestar/config'
import { ssz } from '@lodestar/types'
import yaml from 'js-yaml'
import { uncompress } from 'snappyjs'
import {
  createEthereumLightClientConfig,
  ETHEREUM_FORKS,
  type EthereumForkName,
  type EthereumLightClientConfig,
} from '../EthereumLightClientConfig.js'

export const VECTORS = '/work/shared/vectors'
export const MINIMAL = join(VECTORS, 'eth-lc/minimal')

export function readSszSnappy(path: string): Uint8Array {
  return uncompress(readFileSync(path))
}

/** YAML as the spec tests write it; `failsafe` keeps hex and big numbers as strings. */
export function readYaml<T>(path: string, schema: 'default' | 'failsafe' = 'default'): T {
  // reason: vector files of known shape
  return yaml.load(readFileSync(path, 'utf8'), schema === 'failsafe' ? { schema: yaml.FAILSAFE_SCHEMA } : {}) as T
}

export function listDirs(path: string): string[] {
  try {
    return readdirSync(path, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort()
  } catch {
    return []
  }
}

/** Forks present under eth-lc/minimal, in fork order. */
export function vectorForks(): EthereumForkName[] {
  const present = new Set(listDirs(MINIMAL))
  return ETHEREUM_FORKS.filter((fork) => present.has(fork))
}

export function hex(bytes: Uint8Array): string {
  return '0x' + Buffer.from(bytes).toString('hex')
}

export function fromHex(value: string): Uint8Array {
  return Uint8Array.from(Buffer.from(value.replace(/^0x/, ''), 'hex'))
}

export type CaseConfig = {
  chainConfig: ChainConfig
  config: EthereumLightClientConfig
  digests: Map<string, EthereumForkName>
}

function uint64le(value: number): Buffer {
  const buffer = Buffer.alloc(8)
  buffer.writeBigUInt64LE(BigInt(value))
  return buffer
}

/**
 * ForkDigest -> fork for a case's config (phase0 `compute_fork_digest`; for
 * Fulu, `fulu/beacon-chain.md` XORs in the hash of the blob parameters, so
 * every entry of the blob schedule yields a candidate digest).
 */
function forkDigests(chainConfig: ChainConfig, genesisValidatorsRoot: Uint8Array): Map<string, EthereumForkName> {
  const digests = new Map<string, EthereumForkName>()
  const versions: [EthereumForkName, Uint8Array | undefined][] = ETHEREUM_FORKS.slice(1).map((fork) => [
    fork,
    // reason: *_FORK_VERSION keys hold versions; older configs lack later forks
    chainConfig[`${fork.toUpperCase()}_FORK_VERSION` as keyof ChainConfig] as Uint8Array | undefined,
  ])
  for (const [fork, version] of versions) {
    if (version === undefined) continue
    const base = ssz.phase0.ForkData.hashTreeRoot({ currentVersion: version, genesisValidatorsRoot })
    if (fork !== 'fulu') {
      digests.set(hex(base.subarray(0, 4)), fork)
      continue
    }
    const params = [
      { EPOCH: chainConfig.ELECTRA_FORK_EPOCH, MAX_BLOBS_PER_BLOCK: chainConfig.MAX_BLOBS_PER_BLOCK_ELECTRA },
      ...chainConfig.BLOB_SCHEDULE,
    ]
    for (const entry of params) {
      const mask = createHash('sha256')
        .update(Buffer.concat([uint64le(entry.EPOCH), uint64le(entry.MAX_BLOBS_PER_BLOCK)]))
        .digest()
      digests.set(hex(base.subarray(0, 4).map((byte, i) => byte ^ (mask[i] as number))), fork) // reason: i < 4 < 32
    }
  }
  return digests
}

/** A case's config.yaml as a Lodestar ChainConfig and the light-client config (minimal preset). */
export function loadCaseConfig(caseDir: string, genesisValidatorsRoot: Uint8Array): CaseConfig {
  const chainConfig = chainConfigFromJson(readYaml<Record<string, unknown>>(join(caseDir, 'config.yaml'), 'failsafe'))
  return {
    chainConfig,
    config: createEthereumLightClientConfig({ preset: 'minimal', chainConfig }),
    digests: forkDigests(chainConfig, genesisValidatorsRoot),
  }
}

export function forkOfDigest(caseConfig: CaseConfig, digest: string): EthereumForkName {
  const fork = caseConfig.digests.get(digest.toLowerCase())
  if (!fork) throw new Error(`unknown fork digest ${digest} (known: ${[...caseConfig.digests.keys()].join(', ')})`)
  return fork
}
