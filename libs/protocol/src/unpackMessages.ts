import { MESSAGE_HEADER_BYTES } from './Message.js'
import { ProtocolError } from './ProtocolError.js'

/**
 * The encoded messages of a `submitAndExecute` message list (PROTOCOL.md
 * "One-shot settlement"), as views into `packed`: the inverse of `packMessages`,
 * with the inbox's rules (each at least a header long, nothing after the last).
 *
 * @throws {ProtocolError} `MESSAGE_TRUNCATED` naming the position of the first bad entry.
 * @example
 * const { args: [header, packed] } = decodeFunctionData({ abi: settlementInboxAbi, data: tx.input })
 * const ids = unpackMessages(hexToBytes(packed)).map((m) => keccak256(m))
 */
export function unpackMessages(packed: Uint8Array): Uint8Array[] {
  const messages: Uint8Array[] = []
  let at = 0
  while (at < packed.length) {
    const position = messages.length
    const length = at + 3 <= packed.length ? (packed[at]! << 16) | (packed[at + 1]! << 8) | packed[at + 2]! : -1
    if (length < MESSAGE_HEADER_BYTES || at + 3 + length > packed.length)
      throw new ProtocolError('MESSAGE_TRUNCATED', `packed message ${position} is malformed or runs past the list`, {
        meta: { position, length },
      })
    messages.push(packed.subarray(at + 3, at + 3 + length))
    at += 3 + length
  }
  return messages
}
