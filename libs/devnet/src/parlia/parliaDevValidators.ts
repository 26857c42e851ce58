import { SecretKey } from '@chainsafe/blst'
import { secp256k1 } from '@noble/curves/secp256k1'
import { bytesToHex, keccak256, type Hex } from '@relaymesh/protocol'

/** A development validator: secp256k1 sealing key and BLS vote key (never for real funds). */
export type ParliaDevValidator = { address: Hex; key: Uint8Array; bls: SecretKey; voteKey: Uint8Array }

/** A validator set as an epoch block lists it: sorted by address, with its turn length. */
export type ParliaDevSet = { validators: readonly ParliaDevValidator[]; turnLength: number }

/**
 * Deterministic development validators (sorted by address, as Parlia's
 * snapshot orders them), derived from `seed` so every process of a devnet
 * agrees on them without sharing key files.
 *
 * @example
 * const set = { validators: parliaDevValidators(4, 'devnet-a'), turnLength: 2 }
 */
export function parliaDevValidators(count: number, seed: string): ParliaDevValidator[] {
  return Array.from({ length: count }, (_, i) => {
    const key = keccak256(new TextEncoder().encode(`relaymesh-parlia-dev-${seed}-${i}`))
    const address = bytesToHex(keccak256(secp256k1.getPublicKey(key, false).subarray(1)).subarray(12))
    const bls = SecretKey.fromKeygen(keccak256(key))
    return { address, key, bls, voteKey: bls.toPublicKey().toBytes() }
  }).sort((a, b) => (a.address < b.address ? -1 : 1))
}

/**
 * The devnet's rotation: epoch k lists set A when k is even and set B when
 * odd. A and B differ in members, size and turn length, so every epoch
 * boundary is a real validator-set change (BEP-341 switch included).
 *
 * @example
 * const schedule = defaultParliaDevSchedule()
 * schedule(2n) // set A (epoch index 2)
 */
export function defaultParliaDevSchedule(): (epochIndex: bigint) => ParliaDevSet {
  const a: ParliaDevSet = { validators: parliaDevValidators(3, 'a'), turnLength: 2 }
  const b: ParliaDevSet = { validators: parliaDevValidators(4, 'b'), turnLength: 1 }
  return (epochIndex) => (epochIndex % 2n === 0n ? a : b)
}
