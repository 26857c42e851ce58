import type { Hex } from './Hex.js'

/**
 * Leaves (message ids) in batch order: packed bytes (`32 * n`, as `messageIds`
 * returns) or one 32-byte value per leaf.
 *
 * @example
 * const packed: MerkleLeaves = messageIds(encodedMessages)
 * const listed: MerkleLeaves = [messageId(a), messageId(b)]
 */
export type MerkleLeaves = Uint8Array | readonly (Hex | Uint8Array)[]
