import { sign } from 'node:crypto'
import { encodeSlotCommitment } from '../commitment/encodeSlotCommitment.js'
import type { CommitmentSignature, SlotCommitment } from '../commitment/SlotCommitment.js'
import type { DevCommitteeKey } from './createDevCommittee.js'

/**
 * Signs a slot commitment with each development key (the devnet's committee
 * signers; the real format, development keys). Never imported by verification code.
 *
 * @example
 * const { committee, keys } = createDevCommittee({ epoch: 0, size: 4 })
 * verifySlotCommitment(committee, commitment, signSlotCommitment(keys.slice(0, 3), commitment))
 */
export function signSlotCommitment(
  keys: readonly DevCommitteeKey[],
  commitment: SlotCommitment,
): CommitmentSignature[] {
  const encoded = encodeSlotCommitment(commitment)
  return keys.map((k) => ({ signer: k.publicKey, signature: new Uint8Array(sign(null, encoded, k.privateKey)) }))
}
