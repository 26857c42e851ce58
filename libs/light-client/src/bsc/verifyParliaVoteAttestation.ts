import { Signature, fastAggregateVerify, type PublicKey } from '@chainsafe/blst'
import { hashVoteData } from './hashVoteData.js'
import type { ParliaHeader } from './ParliaHeader.js'
import type { ParliaCheckpoint } from './ParliaStore.js'
import { parliaError } from './parliaError.js'
import type { ParliaValidatorSet } from './ParliaValidatorSet.js'
import type { VoteAttestation } from './VoteAttestation.js'

export type VerifyParliaVoteAttestationParameters = {
  /** The header carrying the attestation. */
  header: ParliaHeader
  attestation: VoteAttestation
  /** The set that sealed the parent (snapshot at parent - 1): the voters. */
  set: ParliaValidatorSet
  /** The parent's highest justified block, when the store knows it. */
  parentJustified: ParliaCheckpoint | undefined
}

function voterKeys(attestation: VoteAttestation, set: ParliaValidatorSet, meta: Record<string, unknown>): PublicKey[] {
  const n = set.validators.length
  let popcount = 0
  for (let bits = attestation.voteAddressSet; bits > 0n; bits >>= 1n) popcount += Number(bits & 1n)
  if (popcount > n)
    throw parliaError('PARLIA_VOTE_UNDER_QUORUM', 'Vote bitmap names more voters than validators', {
      ...meta,
      popcount,
      validators: n,
    })
  const keys: PublicKey[] = []
  for (let i = 0; i < n; i++)
    if ((attestation.voteAddressSet >> BigInt(i)) & 1n) keys.push(set.voteKeys[i] as PublicKey) // reason: i < n
  const quorum = Math.ceil((2 * n) / 3)
  if (keys.length < quorum)
    throw parliaError('PARLIA_VOTE_UNDER_QUORUM', `${keys.length} of ${n} validators voted, ${quorum} needed`, {
      ...meta,
      voters: keys.length,
      quorum,
    })
  return keys
}

function assertSignature(attestation: VoteAttestation, keys: PublicKey[], meta: Record<string, unknown>): void {
  let signature: Signature
  try {
    signature = Signature.fromBytes(attestation.aggSignature)
    signature.sigValidate()
  } catch (error) {
    throw parliaError('PARLIA_BAD_VOTE_SIGNATURE', 'Aggregate vote signature is not a valid G2 point', meta, error)
  }
  if (!fastAggregateVerify(hashVoteData(attestation.data), keys, signature)) {
    throw parliaError('PARLIA_BAD_VOTE_SIGNATURE', 'Aggregate vote signature does not verify', meta)
  }
}

/**
 * BEP-126 vote attestation check (bnb-chain/bsc `verifyVoteAttestation`):
 * the target is the direct parent; the source is the parent's highest
 * justified block (checked when the store knows it, and always older than
 * the target); at least ceil(2n/3) of the n validators that sealed the
 * parent voted (`cmath.CeilDiv(len*2, 3)`, BSC's quorum); their BLS keys
 * fast-aggregate-verify the signature over keccak256(rlp(vote data)).
 *
 * @throws {LightClientError} `PARLIA_VOTE_TARGET_MISMATCH`, `PARLIA_VOTE_SOURCE_MISMATCH`,
 *   `PARLIA_VOTE_UNDER_QUORUM`, `PARLIA_BAD_VOTE_SIGNATURE`
 * @example
 * verifyParliaVoteAttestation({ header, attestation, set, parentJustified })
 */
export function verifyParliaVoteAttestation({
  header,
  attestation,
  set,
  parentJustified,
}: VerifyParliaVoteAttestationParameters): void {
  const { data } = attestation
  const meta = { number: header.number, hash: header.hash, source: data.sourceNumber, target: data.targetNumber }
  if (data.targetNumber !== header.number - 1n || data.targetHash !== header.parentHash) {
    throw parliaError('PARLIA_VOTE_TARGET_MISMATCH', 'Attestation target is not the parent block', {
      ...meta,
      parentHash: header.parentHash,
      targetHash: data.targetHash,
    })
  }
  const sourceMismatch = parentJustified
    ? data.sourceNumber !== parentJustified.number || data.sourceHash !== parentJustified.hash
    : data.sourceNumber >= data.targetNumber
  if (sourceMismatch) {
    throw parliaError('PARLIA_VOTE_SOURCE_MISMATCH', 'Attestation source is not the highest justified block', {
      ...meta,
      justified: parentJustified?.number,
    })
  }
  assertSignature(attestation, voterKeys(attestation, set, meta), meta)
}
