import { encodeRlp } from '@relaymesh/receipt-proof'
import { keccak256 } from '@relaymesh/protocol'
import { bigintToBytes } from './bytes.js'
import { hexToBytesOrThrow } from './bytes.js'
import type { VoteData } from './VoteAttestation.js'

/** rlp([sourceNumber, sourceHash, targetNumber, targetHash]) as go-ethereum's rlp encodes `VoteData`. */
export function encodeVoteData(data: VoteData): Uint8Array {
  return encodeRlp([
    bigintToBytes(data.sourceNumber),
    hexToBytesOrThrow(data.sourceHash, 'vote.sourceHash', 'PARLIA_INVALID_EXTRA_DATA'),
    bigintToBytes(data.targetNumber),
    hexToBytesOrThrow(data.targetHash, 'vote.targetHash', 'PARLIA_INVALID_EXTRA_DATA'),
  ])
}

/**
 * The message validators BLS-sign: `VoteData.Hash()` = keccak256(rlp(data))
 * (bnb-chain/bsc `core/types/vote.go`).
 *
 * @example
 * const msg = hashVoteData(attestation.data)
 * fastAggregateVerify(msg, voterKeys, Signature.fromBytes(attestation.aggSignature))
 */
export function hashVoteData(data: VoteData): Uint8Array {
  return keccak256(encodeVoteData(data))
}
