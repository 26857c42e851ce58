import { createHash } from 'node:crypto'
import { PublicKey } from '@chainsafe/blst'
import type { SyncCommittee } from './lightClientTypes.js'

/** A decoded committee: `null` where a member's key fails KeyValidate (it can then never sign validly). */
export type DecodedSyncCommittee = readonly (PublicKey | null)[]

export type SyncCommitteeKeyCacheOptions = { maxCommittees: number }

export const defaultSyncCommitteeKeyCacheOptions: SyncCommitteeKeyCacheOptions = { maxCommittees: 4 }

/**
 * Decoded BLS public keys of sync committees, decoded (and key-validated)
 * once per committee: decompressing 512 G1 points costs far more than the
 * aggregate verify itself. Keyed by a digest of the ordered pubkeys (two
 * committees of the same members in another order share an aggregate
 * pubkey but not bit positions), with an identity fast path for the
 * store's own arrays. Bounded LRU: a store needs at most current + next.
 *
 * @example
 * const keyCache = new SyncCommitteeKeyCache()
 * const keys = keyCache.get(store.currentSyncCommittee)
 */
export class SyncCommitteeKeyCache {
  private readonly byDigest = new Map<string, DecodedSyncCommittee>()
  private readonly byIdentity = new WeakMap<readonly Uint8Array[], DecodedSyncCommittee>()
  private readonly options: SyncCommitteeKeyCacheOptions

  constructor(options: Partial<SyncCommitteeKeyCacheOptions> = {}) {
    this.options = { ...defaultSyncCommitteeKeyCacheOptions, ...options }
  }

  get(committee: SyncCommittee): DecodedSyncCommittee {
    const known = this.byIdentity.get(committee.pubkeys)
    if (known) return known
    const digest = digestPubkeys(committee.pubkeys)
    let decoded = this.byDigest.get(digest)
    if (decoded)
      this.byDigest.delete(digest) // re-insert below: most recently used last
    else decoded = committee.pubkeys.map(decodePublicKey)
    this.byDigest.set(digest, decoded)
    while (this.byDigest.size > this.options.maxCommittees) {
      const oldest = this.byDigest.keys().next().value as string // reason: size > max >= 1, so a first key exists
      this.byDigest.delete(oldest)
    }
    this.byIdentity.set(committee.pubkeys, decoded)
    return decoded
  }
}

function digestPubkeys(pubkeys: readonly Uint8Array[]): string {
  const hash = createHash('sha256')
  for (const pubkey of pubkeys) hash.update(pubkey)
  return hash.digest('hex')
}

/** BLS KeyValidate (IETF draft-irtf-cfrg-bls-signature §2.5): on the curve, in G1, not the identity. */
export function decodePublicKey(bytes: Uint8Array): PublicKey | null {
  // The native decoder throws on bytes that are not a point; that is an answer ("invalid"), not a failure.
  try {
    const key = PublicKey.fromBytes(bytes)
    key.keyValidate()
    return key
  } catch {
    return null
  }
}
