import { merkleRoot, type Hex, type MerkleLeaves } from '@relaymesh/protocol'

const ZERO_ROOT: Hex = `0x${'00'.repeat(32)}`

/**
 * `messagesRoot` and `messageCount` of a slot commitment: the batch Merkle root
 * (PROTOCOL.md) over the slot's outbox message ids in transaction order, or the
 * zero root for a slot without outbox messages. Pure.
 *
 * @example
 * const { messagesRoot, messageCount } = slotMessagesRoot(ids)
 * const commitment = { domain, epoch, slot, blockhash, messagesRoot, messageCount }
 */
export function slotMessagesRoot(ids: readonly Hex[] | readonly Uint8Array[]): {
  messagesRoot: Hex
  messageCount: number
} {
  if (ids.length === 0) return { messagesRoot: ZERO_ROOT, messageCount: 0 }
  return { messagesRoot: merkleRoot(ids as MerkleLeaves), messageCount: ids.length } // reason: a list of ids is one of MerkleLeaves' forms
}
