import { equalBytes32Hex } from './equalHex.js'
import type { MerkleLeaves } from '@relaymesh/protocol'
import { SolanaSourceError } from '../SolanaSourceError.js'
import { slotMessagesRoot } from './slotMessagesRoot.js'
import type { SlotCommitment } from './SlotCommitment.js'

/**
 * Checks that `ids` (packed, as `extractSlotMessages` returns them, or one
 * 32-byte value per id) are exactly the slot's outbox messages the commitment
 * names, in order, by recomputing its root: the cheap path for a verifier that
 * read the whole slot (one hash per message instead of a proof per message).
 * Verify the signatures once with `verifySlotCommitment` first. Pure.
 *
 * @throws {SolanaSourceError} `MESSAGE_NOT_IN_COMMITMENT`.
 * @example
 * verifySlotCommitment(prepared, commitment, signatures)
 * verifySlotMessages(commitment, extractSlotMessages(parameters).ids)
 */
export function verifySlotMessages(commitment: SlotCommitment, ids: MerkleLeaves): void {
  const { messagesRoot, messageCount } = slotMessagesRoot(ids)
  if (messageCount !== commitment.messageCount || !equalBytes32Hex(messagesRoot, commitment.messagesRoot)) {
    throw new SolanaSourceError('MESSAGE_NOT_IN_COMMITMENT', 'slot messages do not match the commitment root', {
      meta: { slot: commitment.slot, messageCount, committed: commitment.messageCount },
    })
  }
}
