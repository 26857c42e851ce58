import { ByteVectorType, UintNumberType } from '@chainsafe/ssz'
import { ssz as altair } from '@lodestar/types/altair'
import { ssz as capella } from '@lodestar/types/capella'
import { ssz as deneb } from '@lodestar/types/deneb'
import { ssz as phase0 } from '@lodestar/types/phase0'

/**
 * The SSZ types of the forks the light client reads, from Lodestar's per-fork entries, and the primitives it builds
 * its own containers from, defined as `@lodestar/types/lib/primitive/sszTypes.js` defines them (that module is not
 * exported on its own). `@lodestar/types` builds every fork's types as it loads (electra, fulu, gloas and heze beside
 * these): 3 MiB more resident for types the light client never uses (importing either in a bare `node`: 72.8 against
 * 69.6 MiB).
 */
export const lodestarSsz = {
  Bytes32: new ByteVectorType(32),
  BLSPubkey: new ByteVectorType(48),
  BLSSignature: new ByteVectorType(96),
  Slot: new UintNumberType(8),
  phase0,
  altair,
  capella,
  deneb,
} as const
