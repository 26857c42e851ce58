import { merkleRoot, type Hex, type MerkleLeaves } from '@relaymesh/protocol'

const ZERO_ROOT: Hex = `0x${'00'.repeat(32)}`

/**
 * `messagesRoot` and `messageCount` of a slot commitment: the batch Merkle root
 * (PROTOCOL.md) over the slot's outbox message ids in transaction order, or the
 * zero root for a slot without outbox messages. `ids` packed (`32 * n` bytes, as
 * `extractSlotMessages` returns them) or one 32-byte value per id. Pure.
 *
 * @throws {ProtocolError} `MERKLE_LEAVES_MALFORMED` for packed ids that are not a multiple of 32 bytes.
 * @example
 * const { messagesRoot, messageCount } = slotMessagesRoot(extractSlotMessages(parameters).ids)
 * const commitment = { domain, epoch, slot, blockhash, messagesRoot, messageCount }
 */
export function slotMessagesRoot(ids: MerkleLeaves): {
  messagesRoot: Hex
  messageCount: number
} {
  if (ids.length === 0) return { messagesRoot: ZERO_ROOT, messageCount: 0 }
  const messagesRoot = merkleRoot(ids)
  return { messagesRoot, messageCount: ids instanceof Uint8Array ? ids.length / 32 : ids.length }
}
