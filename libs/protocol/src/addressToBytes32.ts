import type { Hex } from './Hex.js'
import { ProtocolError } from './ProtocolError.js'
import { tryHexToBytes } from './tryHexToBytes.js'

/**
 * An EVM address as a message `sender`/`recipient`: left-padded with 12 zero
 * bytes, lowercase (PROTOCOL.md "Message").
 *
 * @throws {ProtocolError} `ADDRESS_INVALID` unless `address` is 20 bytes of hex.
 * @example
 * addressToBytes32('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed')
 * // '0x0000000000000000000000005aaeb6053f3e94c9b9a09f33669435e7ef1beaed'
 */
export function addressToBytes32(address: Hex): Hex {
  const bytes = tryHexToBytes(address)
  if (bytes === undefined || bytes.length !== 20) {
    throw new ProtocolError('ADDRESS_INVALID', 'an EVM address is 20 bytes of 0x hex', {
      meta: { address: String(address).slice(0, 70) },
    })
  }
  return `0x${'0'.repeat(24)}${address.slice(2).toLowerCase()}`
}
