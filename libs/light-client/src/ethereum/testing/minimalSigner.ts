/**
 * Test-only: re-signs minimal-preset light-client updates. The spec tests
 * use interop secret keys `i + 1` (consensus-specs
 * `tests/core/pyspec/eth2spec/test/helpers/keys.py`), so the committee's
 * secret keys are found by scanning the first validators.
 */
import { aggregateSignatures, SecretKey } from '@chainsafe/blst'
import type { LightClientUpdate, SyncCommittee } from '../lightClientTypes.js'
import { computeSigningRoot, computeSyncCommitteeDomain } from '../verifySyncAggregate.js'
import { hex } from './specVectors.js'

/** Interop secret key `i` (consensus-specs `helpers/keys.py`: the integer `i` as 32 big-endian bytes). */
export function secretKey(i: number): SecretKey {
  const bytes = new Uint8Array(32)
  new DataView(bytes.buffer).setUint32(28, i)
  return SecretKey.fromBytes(bytes)
}

/** Secret keys of a committee's members, in committee order. */
export function committeeSecretKeys(committee: SyncCommittee, scan = 256): SecretKey[] {
  const byPubkey = new Map<string, SecretKey>()
  for (let i = 1; i <= scan; i++) {
    const sk = secretKey(i)
    byPubkey.set(hex(sk.toPublicKey().toBytes()), sk)
  }
  return committee.pubkeys.map((pubkey) => {
    const sk = byPubkey.get(hex(pubkey))
    if (!sk) throw new Error(`no interop key for ${hex(pubkey)}`)
    return sk
  })
}

/** The update re-signed by `keys` (its participants) under `forkVersion` and `genesisValidatorsRoot`. */
export function resignUpdate(
  update: LightClientUpdate,
  keys: SecretKey[],
  forkVersion: Uint8Array,
  genesisValidatorsRoot: Uint8Array,
): LightClientUpdate {
  const signingRoot = computeSigningRoot(update, computeSyncCommitteeDomain(forkVersion, genesisValidatorsRoot))
  const signatures = update.syncAggregate.syncCommitteeBits
    .getTrueBitIndexes()
    .map((i) => (keys[i] as SecretKey).sign(signingRoot)) // reason: bits index the committee
  const syncCommitteeSignature = aggregateSignatures(signatures).toBytes()
  return { ...update, syncAggregate: { ...update.syncAggregate, syncCommitteeSignature } }
}
