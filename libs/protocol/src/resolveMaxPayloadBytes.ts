import { DEFAULT_MAX_PAYLOAD_BYTES, type MessageCodecOptions } from './Message.js'
import { ProtocolError } from './ProtocolError.js'

/**
 * The payload limit from codec options: the default, or a lower one.
 *
 * @throws {ProtocolError} `MAX_PAYLOAD_INVALID` when the limit is not an integer in `0 ..= 65536`.
 * @example
 * resolveMaxPayloadBytes({}) // 65536
 */
export function resolveMaxPayloadBytes(options: MessageCodecOptions | undefined): number {
  const limit = options?.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES
  if (!Number.isInteger(limit) || limit < 0 || limit > DEFAULT_MAX_PAYLOAD_BYTES) {
    throw new ProtocolError('MAX_PAYLOAD_INVALID', 'maxPayloadBytes must be an integer from 0 to 65536', {
      details: 'PROTOCOL.md: the payload limit is configurable down, never up',
      meta: { maxPayloadBytes: limit },
    })
  }
  return limit
}
