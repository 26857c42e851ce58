import type { Hex } from '@relaymesh/protocol'

/**
 * BEP-126 vote data (bnb-chain/bsc `core/types/vote.go` `VoteData`): a
 * validator votes to justify `target` (the block it just saw) from
 * `source` (the highest justified block on that branch).
 */
export type VoteData = {
  sourceNumber: bigint
  sourceHash: Hex
  targetNumber: bigint
  targetHash: Hex
}

/**
 * BEP-126 vote attestation (`types.VoteAttestation`), carried in a child
 * header's extraData: a bitmap over the validator set sorted by address
 * (bit i = i-th validator), the aggregate BLS signature of those voters
 * over keccak256(rlp(data)), the data, and free `extra` bytes (<= 256).
 */
export type VoteAttestation = {
  voteAddressSet: bigint
  aggSignature: Uint8Array
  data: VoteData
  extra: Uint8Array
}
