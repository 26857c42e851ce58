import type { Hex } from './Hex.js'

/**
 * A cross-chain message (PROTOCOL.md "Message"). `sender` and `recipient` are
 * 32 bytes: an EVM address left-padded with zeros (see `addressToBytes32`) or a
 * Solana public key.
 *
 * @example
 * const message: Message = {
 *   version: 1,
 *   nonce: 7n,
 *   origin: domains.ethereum,
 *   sender: addressToBytes32('0x1111111111111111111111111111111111111111'),
 *   destination: domains.bsc,
 *   recipient: addressToBytes32('0x2222222222222222222222222222222222222222'),
 *   payload: '0x68656c6c6f',
 * }
 */
export type Message = {
  version: number
  nonce: bigint
  origin: number
  sender: Hex
  destination: number
  recipient: Hex
  payload: Hex
}

/**
 * The only message version this lib speaks (PROTOCOL.md, `version = 1`).
 *
 * @example
 * const message = { version: MESSAGE_VERSION, ... }
 */
export const MESSAGE_VERSION = 1

/**
 * Bytes before the payload: version 1 + nonce 8 + origin 4 + sender 32 + destination 4 + recipient 32.
 *
 * @example
 * const payloadBytes = encoded.length - MESSAGE_HEADER_BYTES
 */
export const MESSAGE_HEADER_BYTES = 81

/**
 * Largest payload the protocol allows (PROTOCOL.md); deployments may configure
 * a lower limit, never a higher one.
 *
 * @example
 * decodeMessage(bytes, { maxPayloadBytes: DEFAULT_MAX_PAYLOAD_BYTES / 4 })
 */
export const DEFAULT_MAX_PAYLOAD_BYTES = 65536

/**
 * Options shared by `encodeMessage` and `decodeMessage`.
 *
 * @example
 * const options: MessageCodecOptions = { maxPayloadBytes: 4096 }
 */
export type MessageCodecOptions = {
  /** Payload limit in bytes, `0 ..= DEFAULT_MAX_PAYLOAD_BYTES`; default `DEFAULT_MAX_PAYLOAD_BYTES`. */
  maxPayloadBytes?: number | undefined
}
