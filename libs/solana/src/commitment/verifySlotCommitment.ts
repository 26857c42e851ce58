import { verify } from 'node:crypto'
import { SolanaSourceError } from '../SolanaSourceError.js'
import { encodeSlotCommitment } from './encodeSlotCommitment.js'
import { prepareCommittee, type PreparedCommittee } from './prepareCommittee.js'
import type { Committee, CommitmentSignature, SlotCommitment } from './SlotCommitment.js'

/**
 * What a verified commitment carried.
 *
 * @example
 * const { signedStake, totalStake } = verifySlotCommitment(prepared, commitment, signatures)
 */
export type VerifySlotCommitmentReturnType = { signedStake: bigint; totalStake: bigint; signers: number }

function isPrepared(committee: Committee | PreparedCommittee): committee is PreparedCommittee {
  return committee.members instanceof Map
}

function countStake(committee: PreparedCommittee, signatures: readonly CommitmentSignature[]): bigint {
  const seen = new Set<string>()
  let signedStake = 0n
  for (const { signer } of signatures) {
    const member = committee.members.get(signer)
    if (member === undefined) {
      throw new SolanaSourceError('COMMITTEE_UNKNOWN_SIGNER', 'commitment signed by a key outside the committee', {
        meta: { signer, epoch: committee.epoch },
      })
    }
    if (seen.has(signer))
      throw new SolanaSourceError('COMMITTEE_DUPLICATE_SIGNER', 'commitment signed twice by one member', {
        meta: { signer },
      })
    seen.add(signer)
    signedStake += member.stake
  }
  return signedStake
}

/**
 * Verifies a slot commitment against the epoch's committee (BRIEF "Solana
 * source: attested"): every signer is a member, none signs twice, the signers
 * hold more than 2/3 of the committee's stake, and every ed25519 signature
 * verifies over `encodeSlotCommitment(commitment)` (any bad signature rejects
 * the whole set: an honest aggregator never forwards one). Cheap checks run
 * before any signature. Pure and synchronous (`node:crypto`), so it runs in
 * worker threads; pass a `prepareCommittee` result to reuse decoded keys.
 *
 * @throws {SolanaSourceError} `COMMITTEE_WRONG_EPOCH`, `COMMITTEE_UNKNOWN_SIGNER`,
 * `COMMITTEE_DUPLICATE_SIGNER`, `COMMITTEE_INSUFFICIENT_STAKE`, `COMMITTEE_BAD_SIGNATURE`,
 * `COMMITMENT_INVALID`.
 * @example
 * const prepared = prepareCommittee(committeeForEpoch(schedule, commitment.epoch))
 * verifySlotCommitment(prepared, commitment, signatures) // throws unless > 2/3 of stake signed
 * verifyMessageInCommitment(commitment, id, index, proof)
 */
export function verifySlotCommitment(
  committee: Committee | PreparedCommittee,
  commitment: SlotCommitment,
  signatures: readonly CommitmentSignature[],
): VerifySlotCommitmentReturnType {
  const prepared = isPrepared(committee) ? committee : prepareCommittee(committee)
  if (commitment.epoch !== prepared.epoch) {
    throw new SolanaSourceError(
      'COMMITTEE_WRONG_EPOCH',
      `commitment epoch ${commitment.epoch} is not the committee's ${prepared.epoch}`,
      {
        meta: { commitmentEpoch: commitment.epoch, committeeEpoch: prepared.epoch },
      },
    )
  }
  const signedStake = countStake(prepared, signatures)
  // More than 2/3, in integers: 3 * signed > 2 * total.
  if (signedStake * 3n <= prepared.totalStake * 2n) {
    throw new SolanaSourceError('COMMITTEE_INSUFFICIENT_STAKE', 'commitment signers hold 2/3 of the stake or less', {
      meta: { signedStake, totalStake: prepared.totalStake },
    })
  }
  const encoded = encodeSlotCommitment(commitment)
  for (const { signer, signature } of signatures) {
    const { key } = prepared.members.get(signer)! // reason: countStake checked membership
    if (signature.length !== 64 || !verify(null, encoded, key, signature)) {
      throw new SolanaSourceError('COMMITTEE_BAD_SIGNATURE', 'commitment signature does not verify', {
        meta: { signer, slot: commitment.slot },
      })
    }
  }
  return { signedStake, totalStake: prepared.totalStake, signers: signatures.length }
}
