import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import bs58 from 'bs58'
import type { Committee } from '../commitment/SlotCommitment.js'

/**
 * A development committee member's key pair. Development keys only: they are
 * derived from a public seed string.
 *
 * @example
 * const { publicKey, privateKey } = keys[0]
 */
export type DevCommitteeKey = { publicKey: string; privateKey: KeyObject }

// DER PKCS#8 header for an Ed25519 private key (RFC 8410): the 32-byte seed follows.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

/**
 * The ed25519 key pair of a 32-byte seed, public key in base58.
 *
 * @example
 * devKeyFromSeed(new Uint8Array(32)).publicKey
 */
export function devKeyFromSeed(seed: Uint8Array): DevCommitteeKey {
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  })
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' })
  return { publicKey: bs58.encode(spki.subarray(spki.length - 32)), privateKey }
}

/**
 * A deterministic development committee: `size` members, key `i` from
 * `sha256(seed ++ ":" ++ i)`, stakes from `stakes` (default all 1000).
 *
 * @example
 * const { committee, keys } = createDevCommittee({ epoch: 0, size: 4 })
 * const signatures = signSlotCommitment(keys, commitment)
 */
export function createDevCommittee(parameters: {
  epoch: number
  size: number
  seed?: string
  stakes?: readonly bigint[]
}): {
  committee: Committee
  keys: DevCommitteeKey[]
} {
  const { epoch, size, seed = 'relaymesh-devnet-committee' } = parameters
  const keys = Array.from({ length: size }, (_, i) =>
    devKeyFromSeed(createHash('sha256').update(`${seed}:${i}`).digest()),
  )
  const members = keys.map((k, i) => ({ pubkey: k.publicKey, stake: parameters.stakes?.[i] ?? 1000n }))
  return { committee: { epoch, members }, keys }
}
