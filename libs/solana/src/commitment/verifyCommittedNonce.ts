import { solanaMessageNonce } from '../slot/solanaMessageNonce.js'
import { SolanaSourceError } from '../SolanaSourceError.js'
import type { SlotCommitment } from './SlotCommitment.js'

/**
 * Checks that a Solana message's nonce is the one the committee committed to
 * for leaf `index` of the slot: `epoch << 40 | (messagesBefore + index)`
 * (MEMO_FORMAT.md "Nonces"). Run it beside `verifyMessageInCommitment` when a
 * message arrives with its nonce already set (a proof path, a receipt): the
 * root binds the id, this binds the nonce to the signed count, so a relayer
 * never accepts a nonce the committee did not commit to. Pure.
 *
 * @throws {SolanaSourceError} `NONCE_NOT_COMMITTED` when the index is outside the slot or the nonce differs.
 * @example
 * verifySlotCommitment(prepared, commitment, signatures)
 * verifyCommittedNonce(commitment, message.nonce, 2)
 * verifyMessageInCommitment(commitment, keccak256(encodeMessage(message)), 2, proof)
 */
export function verifyCommittedNonce(commitment: SlotCommitment, nonce: bigint, index: number): void {
  const inSlot = Number.isInteger(index) && index >= 0 && index < commitment.messageCount
  const expected = inSlot ? solanaMessageNonce(commitment.epoch, commitment.messagesBefore + index) : undefined
  if (expected !== nonce) {
    throw new SolanaSourceError('NONCE_NOT_COMMITTED', 'message nonce is not the one the slot commitment numbers', {
      meta: {
        slot: commitment.slot,
        index,
        nonce,
        expected,
        messagesBefore: commitment.messagesBefore,
        messageCount: commitment.messageCount,
      },
    })
  }
}
