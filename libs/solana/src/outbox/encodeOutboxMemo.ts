import { encodeMessage, type Message, type MessageCodecOptions } from '@relaymesh/protocol'
import { OUTBOX_MEMO_PREFIX, OUTBOX_MEMO_VERSION } from '../constants.js'

/**
 * Memo instruction data of an outbox message (MEMO_FORMAT.md): the UTF-8 text
 * `relaymesh:v1:` followed by standard padded base64 of `encodeMessage(message)`.
 * Pure; does not check that `origin` or `sender` fit a Solana transaction
 * (`buildOutboxTransaction` does).
 *
 * @throws {ProtocolError} when the message cannot be encoded.
 * @example
 * const data = encodeOutboxMemo({
 *   version: 2,
 *   nonce: 0n,
 *   origin: domains.solanaLocal,
 *   sender,
 *   destination: 31337,
 *   recipient,
 *   gasLimit: 200_000,
 *   payload: '0x',
 * })
 * new TextDecoder().decode(data).startsWith('relaymesh:v1:') // true
 */
export function encodeOutboxMemo(message: Message, options?: MessageCodecOptions): Uint8Array {
  const encoded = encodeMessage(message, options)
  const text = `${OUTBOX_MEMO_PREFIX}${OUTBOX_MEMO_VERSION}:${Buffer.from(encoded).toString('base64')}`
  return new TextEncoder().encode(text)
}
