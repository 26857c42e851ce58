import { bytesToHex, MESSAGE_NONCE_OFFSET, messageIds, type Message } from '@relaymesh/protocol'
import {
  extractOutboxMessages,
  type ExtractOutboxMessagesParameters,
  type OutboxRejection,
} from '../outbox/extractOutboxMessages.js'
import type { SolanaTransactionResponse } from '../outbox/SolanaTransactionResponse.js'
import { SolanaSourceError } from '../SolanaSourceError.js'
import { MAX_MESSAGES_PER_SLOT, solanaMessageNonce } from './solanaMessageNonce.js'

/**
 * Inputs of `extractSlotMessages`: the slot, its epoch, the epoch's message
 * count before it (`messagesBefore`: the committee's signed value, or
 * `countEpochMessagesBefore` from the chain) and its outbox transactions in
 * block order (every transaction of the slot that pays the fee account; others
 * may be included, they yield nothing).
 *
 * @example
 * const parameters: ExtractSlotMessagesParameters = {
 *   slot,
 *   epoch,
 *   messagesBefore: 17,
 *   transactions,
 *   origin,
 *   feeAccount,
 *   minFeeLamports: 5000n,
 * }
 */
export type ExtractSlotMessagesParameters = ExtractOutboxMessagesParameters & {
  slot: number
  epoch: number
  messagesBefore: number
  transactions: readonly SolanaTransactionResponse[]
}

/**
 * An accepted outbox message with its relayer-assigned nonce (`epoch << 40 | (messagesBefore + position)`).
 *
 * @example
 * const { id, position, signature } = slotMessage
 */
export type SlotMessage = {
  /** The message as relayed: the memo's message with the assigned nonce. */
  message: Message
  encoded: Uint8Array
  /** `keccak256(encoded)`: a 32-byte view into the slot's packed `ids`. */
  id: Uint8Array
  position: number
  /** base58 signature of the carrying transaction. */
  signature: string
  /** Index of the transaction in the list passed in. */
  transactionIndex: number
  instructionIndex: number
}

/**
 * Result of `extractSlotMessages`: the messages, their ids packed (`32 * n` bytes, message i's at `32 * i`, as
 * `messageIds` returns them: the Merkle leaves of the slot's commitment as they are) and the refused memos.
 *
 * @example
 * const { messages, ids, rejections } = extractSlotMessages(parameters)
 * const { messagesRoot } = slotMessagesRoot(ids)
 */
export type ExtractSlotMessagesReturnType = { messages: SlotMessage[]; ids: Uint8Array; rejections: OutboxRejection[] }

/** A message's id until the slot's ids are hashed, all in one call, at the end. */
const PENDING_ID = new Uint8Array(0)

/**
 * The memo's message bytes with the assigned nonce: the same bytes `encodeMessage` gives for the renumbered message
 * (the memo decoded under the same options), without hex-decoding its sender, recipient and payload again.
 */
function withNonce(encoded: Uint8Array, nonce: bigint): Uint8Array {
  const bytes = encoded.slice()
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setBigUint64(MESSAGE_NONCE_OFFSET, nonce)
  return bytes
}

/**
 * The relaymesh messages of one finalized slot, numbered (MEMO_FORMAT.md
 * "Nonces"): each transaction through `extractOutboxMessages`, memos whose
 * nonce is not 0 refused (`MEMO_NONCE_NOT_ZERO`), then the accepted messages
 * in transaction and instruction order get
 * `nonce = epoch << 40 | (messagesBefore + position)` and their ids are computed
 * on those messages, in one hashing call for the slot. The one function the watcher, the
 * committee signers, the verifier and the SDK share, so all derive the same ids.
 * Pure and synchronous.
 *
 * @throws {SolanaSourceError} `TX_MALFORMED` for an unreadable transaction,
 * `COMMITMENT_INVALID` for more than 65,536 messages in one slot.
 * @example
 * const { ids } = extractSlotMessages({
 *   slot,
 *   epoch,
 *   messagesBefore,
 *   transactions: block.transactions,
 *   origin,
 *   feeAccount,
 *   minFeeLamports: 5000n,
 * })
 * const { messagesRoot } = slotMessagesRoot(ids)
 */
export function extractSlotMessages(parameters: ExtractSlotMessagesParameters): ExtractSlotMessagesReturnType {
  const { slot, epoch, messagesBefore, transactions, ...options } = parameters
  const messages: SlotMessage[] = []
  const rejections: OutboxRejection[] = []
  transactions.forEach((tx, transactionIndex) => {
    const extracted = extractOutboxMessages(tx, options)
    rejections.push(...extracted.rejections)
    for (const m of extracted.messages) {
      if (m.message.nonce !== 0n) {
        const error = new SolanaSourceError(
          'MEMO_NONCE_NOT_ZERO',
          'a Solana outbox memo must carry nonce 0: the relayers assign it',
          { meta: { id: bytesToHex(m.id), nonce: m.message.nonce } },
        )
        rejections.push({
          code: error.code,
          error,
          signature: m.signature,
          instructionIndex: m.instructionIndex,
          id: m.id,
        })
        continue
      }
      if (messages.length >= MAX_MESSAGES_PER_SLOT) {
        throw new SolanaSourceError(
          'COMMITMENT_INVALID',
          `slot ${slot} holds more than ${MAX_MESSAGES_PER_SLOT} outbox messages`,
          { meta: { slot } },
        )
      }
      const nonce = solanaMessageNonce(epoch, messagesBefore + messages.length)
      const message: Message = { ...m.message, nonce }
      messages.push({
        message,
        encoded: withNonce(m.encoded, nonce),
        id: PENDING_ID,
        position: messages.length,
        signature: m.signature,
        transactionIndex,
        instructionIndex: m.instructionIndex,
      })
    }
  })
  const ids = messages.length === 0 ? new Uint8Array(0) : messageIds(messages.map((m) => m.encoded))
  messages.forEach((m, i) => (m.id = ids.subarray(32 * i, 32 * i + 32)))
  return { messages, ids, rejections }
}
