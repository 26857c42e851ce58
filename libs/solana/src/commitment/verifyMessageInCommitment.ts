import { verifyMerkleProof, type Hex } from '@relaymesh/protocol'
import { SolanaSourceError } from '../SolanaSourceError.js'
import type { SlotCommitment } from './SlotCommitment.js'

/**
 * Checks that message `messageId` (32 bytes, as `extractSlotMessages` gives it;
 * 0x-hex is accepted too) is leaf `index` of the commitment's messages
 * root (PROTOCOL.md "Batch Merkle tree", tree size `messageCount`). Verify the
 * commitment's signatures once (`verifySlotCommitment`), then call this per
 * message. Pure and synchronous.
 *
 * @throws {SolanaSourceError} `MESSAGE_NOT_IN_COMMITMENT`.
 * @example
 * const { messages, ids } = extractSlotMessages(parameters)
 * const tree = createMerkleTree(ids)
 * verifyMessageInCommitment(commitment, messages[2].id, 2, tree.proof(2))
 */
export function verifyMessageInCommitment(
  commitment: SlotCommitment,
  messageId: Hex | Uint8Array,
  index: number,
  proof: readonly (Hex | Uint8Array)[] | Uint8Array,
): void {
  const ok = verifyMerkleProof({
    root: commitment.messagesRoot,
    count: commitment.messageCount,
    index,
    leaf: messageId,
    proof,
  })
  if (!ok) {
    throw new SolanaSourceError('MESSAGE_NOT_IN_COMMITMENT', 'message is not under the commitment root', {
      meta: { slot: commitment.slot, index, messageCount: commitment.messageCount },
    })
  }
}
