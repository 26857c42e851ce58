import type { Hex } from './Hex.js'

/**
 * A cross-chain message (PROTOCOL.md "Message"). `sender` and `recipient` are
 * 32 bytes: an EVM address left-padded with zeros (see `addressToBytes32`) or a
 * Solana public key. `gasLimit` is the gas the destination inbox calls the
 * recipient with, exactly (PROTOCOL.md "Execution gas").
 *
 * @example
 * const message: Message = {
 *   version: 2,
 *   nonce: 7n,
 *   origin: domains.ethereum,
 *   sender: addressToBytes32('0x1111111111111111111111111111111111111111'),
 *   destination: domains.bsc,
 *   recipient: addressToBytes32('0x2222222222222222222222222222222222222222'),
 *   gasLimit: DEFAULT_GAS_LIMIT,
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
  /** uint32: gas the destination inbox gives the recipient's `handle`. */
  gasLimit: number
  payload: Hex
}

/**
 * The only message version this lib speaks (PROTOCOL.md, `version = 2`: v1 had no gas limit).
 *
 * @example
 * const message = { version: MESSAGE_VERSION, ... }
 */
export const MESSAGE_VERSION = 2

/**
 * Bytes before the payload: version 1 + nonce 8 + origin 4 + sender 32 + destination 4 + recipient 32 + gasLimit 4.
 *
 * @example
 * const payloadBytes = encoded.length - MESSAGE_HEADER_BYTES
 */
export const MESSAGE_HEADER_BYTES = 85

/**
 * Offset of the big-endian uint64 nonce in an encoded message (after the version byte).
 *
 * @example
 * const nonce = new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(MESSAGE_NONCE_OFFSET)
 */
export const MESSAGE_NONCE_OFFSET = 1

/**
 * Offset of the big-endian uint32 gas limit in an encoded message (after the recipient).
 *
 * @example
 * const gasLimit = new DataView(bytes.buffer, bytes.byteOffset).getUint32(MESSAGE_GAS_LIMIT_OFFSET)
 */
export const MESSAGE_GAS_LIMIT_OFFSET = 81

/**
 * The gas limit a message gets when its sender names none (`Outbox.dispatch`
 * without one, the SDK without `gasLimit`): 200,000, as Chainlink CCIP's default.
 *
 * @example
 * await sendMessage(client, { ..., gasLimit: DEFAULT_GAS_LIMIT * 5 })
 */
export const DEFAULT_GAS_LIMIT = 200_000

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
