import {
  aggregatePublicKeys,
  fastAggregateVerify as blstFastAggregateVerify,
  Signature,
  type PublicKey,
} from '@chainsafe/blst'
import { decodePublicKey } from './SyncCommitteeKeyCache.js'

/** Compressed G2 point at infinity (altair `bls.md`: `G2_POINT_AT_INFINITY`). */
const G2_POINT_AT_INFINITY = Uint8Array.from([0xc0, ...new Uint8Array(95)])

/**
 * BLS `FastAggregateVerify` over already-decoded, key-validated public keys
 * (IETF BLS draft §3.3.4, proof-of-possession scheme). The signature is
 * decoded and subgroup-checked here. An empty key list is `false`.
 *
 * @example
 * fastAggregateVerify(participantKeys, signingRoot, update.syncAggregate.syncCommitteeSignature)
 */
export function fastAggregateVerify(
  publicKeys: readonly PublicKey[],
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (publicKeys.length === 0) return false
  // blst throws on undecodable or off-curve points; for a verifier that means "does not verify".
  try {
    const sig = Signature.fromBytes(signature)
    sig.sigValidate()
    return blstFastAggregateVerify(message, [aggregatePublicKeys([...publicKeys])], sig)
  } catch {
    return false
  }
}

/**
 * altair `bls.md` `eth_fast_aggregate_verify`: like FastAggregateVerify but
 * an empty key list with the infinity signature is valid. Takes key bytes.
 *
 * @example
 * ethFastAggregateVerify([], message, G2_POINT_AT_INFINITY) // true
 */
export function ethFastAggregateVerify(
  publicKeys: readonly Uint8Array[],
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (publicKeys.length === 0) return equalBytes(signature, G2_POINT_AT_INFINITY)
  const decoded = publicKeys.map(decodePublicKey)
  if (decoded.some((key) => key === null)) return false
  return fastAggregateVerify(decoded as PublicKey[], message, signature) // reason: nulls excluded just above
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}
