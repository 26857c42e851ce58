import { bytesToHex, encodeMessage, keccak256, MESSAGE_VERSION } from '@relaymesh/protocol'
import type { StoredMessageRow } from '@relaymesh/store'
import { RelayerError } from '../RelayerError.js'

/**
 * The message's wire bytes from its stored fields (PROTOCOL.md "Message"),
 * checked against its id: what `execute` and `submitAndExecute` carry.
 *
 * @throws {RelayerError} `MESSAGE_ID_MISMATCH` (fatal) when the fields do not hash to the id.
 * @example
 * const encoded = storedMessageBytes(row, destination)
 */
export function storedMessageBytes(r: StoredMessageRow, destination: number): Uint8Array {
  const encoded = encodeMessage({
    version: MESSAGE_VERSION,
    nonce: BigInt(r.nonce),
    origin: Number(r.origin),
    sender: bytesToHex(r.sender),
    destination,
    recipient: bytesToHex(r.recipient),
    gasLimit: Number(r.gas_limit),
    payload: bytesToHex(r.payload),
  })
  if (!Buffer.from(keccak256(encoded)).equals(r.id))
    throw new RelayerError('stored message fields do not hash to its id', {
      code: 'MESSAGE_ID_MISMATCH',
      action: 'fatal',
      meta: { id: bytesToHex(r.id) },
    })
  return encoded
}
