import { encodeRlp } from '@relaymesh/receipt-proof'
import { bigintToBytes, hexToBytesOrThrow } from './bytes.js'
import type { VoteAttestation } from './VoteAttestation.js'

/**
 * RLP of a vote attestation, as a Parlia block producer appends it to
 * extraData (bnb-chain/bsc `assembleVoteAttestation`). Inverse of
 * {@link decodeVoteAttestation}.
 *
 * @example
 * const rlp = encodeVoteAttestation({ voteAddressSet: 0x7fn, aggSignature, data, extra: new Uint8Array() })
 */
export function encodeVoteAttestation(attestation: VoteAttestation): Uint8Array {
  const { data } = attestation
  return encodeRlp([
    bigintToBytes(attestation.voteAddressSet),
    attestation.aggSignature,
    [
      bigintToBytes(data.sourceNumber),
      hexToBytesOrThrow(data.sourceHash, 'vote.sourceHash', 'PARLIA_INVALID_EXTRA_DATA'),
      bigintToBytes(data.targetNumber),
      hexToBytesOrThrow(data.targetHash, 'vote.targetHash', 'PARLIA_INVALID_EXTRA_DATA'),
    ],
    attestation.extra,
  ])
}
