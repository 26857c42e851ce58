import { aggregatePublicKeys, SecretKey } from '@chainsafe/blst'
import { digest64 } from '@chainsafe/persistent-merkle-tree'
import { createHash } from 'node:crypto'
import {
  createEthereumLightClientConfig,
  createEthereumLightClientContext,
  type EthereumForkSchedule,
  type SyncCommittee,
} from '@relaymesh/light-client'

/**
 * The devnet beacon chain's constants: the `minimal` preset (32-member
 * committee, 8 slots per epoch, 8 epochs per period: a committee period is
 * 64 slots) with every fork up to Fulu active from genesis, so the data is
 * in the latest format the light client supports (Deneb headers, Electra
 * branch depths). Versions follow the consensus-specs minimal config
 * (`configs/minimal.yaml`: `0x0X000001`).
 */
export const DEVNET_FORK_SCHEDULE = {
  GENESIS_FORK_VERSION: '0x00000001',
  ALTAIR_FORK_VERSION: '0x01000001',
  ALTAIR_FORK_EPOCH: 0,
  BELLATRIX_FORK_VERSION: '0x02000001',
  BELLATRIX_FORK_EPOCH: 0,
  CAPELLA_FORK_VERSION: '0x03000001',
  CAPELLA_FORK_EPOCH: 0,
  DENEB_FORK_VERSION: '0x04000001',
  DENEB_FORK_EPOCH: 0,
  ELECTRA_FORK_VERSION: '0x05000001',
  ELECTRA_FORK_EPOCH: 0,
  FULU_FORK_VERSION: '0x06000001',
  FULU_FORK_EPOCH: 0,
} as const

/** The fork name beacon-API responses carry (`version`). */
export const DEVNET_FORK = 'fulu'

/** A fixed, recognisable genesis validators root (no real validator registry exists on the devnet). */
export const DEVNET_GENESIS_VALIDATORS_ROOT =
  `0x${createHash('sha256').update('relaymesh-devnet-genesis-validators').digest('hex')}` as const

const fromHex = (hex: string) => Uint8Array.from(Buffer.from(hex.slice(2), 'hex'))

/** {@link DEVNET_FORK_SCHEDULE} with byte versions, as the light-client lib takes it. */
export function devnetForkSchedule(
  schedule: Record<string, string | number> = DEVNET_FORK_SCHEDULE,
): EthereumForkSchedule {
  const out: Record<string, Uint8Array | number> = {}
  for (const [key, value] of Object.entries(schedule)) out[key] = typeof value === 'string' ? fromHex(value) : value
  return out as EthereumForkSchedule // reason: keys are the *_FORK_VERSION / *_FORK_EPOCH names
}

export function createDevnetContext() {
  return createEthereumLightClientContext(
    createEthereumLightClientConfig({ preset: 'minimal', chainConfig: devnetForkSchedule() }),
  )
}

/**
 * Development keys of the sync committee serving `period`: a new committee
 * every period (EIP-2333 KeyGen over a public seed; never use outside a devnet).
 */
export function devCommitteeKeys(period: number, size: number): SecretKey[] {
  return Array.from({ length: size }, (_, i) =>
    SecretKey.fromKeygen(createHash('sha256').update(`relaymesh-devnet-sync-committee:${period}:${i}`).digest()),
  )
}

/** altair `get_next_sync_committee` shape: the members' keys and their aggregate. */
export function toSyncCommittee(keys: readonly SecretKey[]): SyncCommittee {
  const publicKeys = keys.map((k) => k.toPublicKey())
  return { pubkeys: publicKeys.map((p) => p.toBytes()), aggregatePubkey: aggregatePublicKeys(publicKeys).toBytes() }
}

/** `hash_tree_root` of an SSZ container given its field roots (padded to a power of two with zero chunks). */
export function merkleRoot(leaves: readonly Uint8Array[], depth: number): Uint8Array {
  let level = [...leaves, ...Array.from({ length: 2 ** depth - leaves.length }, () => new Uint8Array(32))]
  while (level.length > 1) {
    const next: Uint8Array[] = []
    // reason: even length
    for (let i = 0; i < level.length; i += 2) next.push(digest64(level[i] as Uint8Array, level[i + 1] as Uint8Array))
    level = next
  }
  return level[0] as Uint8Array // reason: 2^depth >= 1 leaves
}

/** phase0 Merkle branch (bottom up) of leaf `index` in a tree of `2^depth` chunks. */
export function merkleBranch(leaves: readonly Uint8Array[], depth: number, index: number): Uint8Array[] {
  let level = [...leaves, ...Array.from({ length: 2 ** depth - leaves.length }, () => new Uint8Array(32))]
  const branch: Uint8Array[] = []
  let i = index
  while (level.length > 1) {
    branch.push(level[i ^ 1] as Uint8Array) // reason: the sibling exists in a full level
    const next: Uint8Array[] = []
    // reason: even length
    for (let j = 0; j < level.length; j += 2) next.push(digest64(level[j] as Uint8Array, level[j + 1] as Uint8Array))
    level = next
    i = Math.floor(i / 2)
  }
  return branch
}

/** A uint64 as its SSZ chunk (little endian, zero padded). */
export function uint64Chunk(value: number | bigint): Uint8Array {
  const chunk = new Uint8Array(32)
  new DataView(chunk.buffer).setBigUint64(0, BigInt(value), true)
  return chunk
}
