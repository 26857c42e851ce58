import type { Hex } from './Hex.js'
import { ProtocolError } from './ProtocolError.js'
import { tryHexToBytes } from './tryHexToBytes.js'

/**
 * The EVM address inside a bytes32 `sender`/`recipient`, lowercase (not
 * EIP-55 checksummed). Refuses non-zero high bytes instead of truncating, so
 * two different bytes32 values never map to the same address.
 *
 * @throws {ProtocolError} `HEX_INVALID` unless 32 bytes of hex; `ADDRESS_HIGH_BYTES_NONZERO` when any of the first 12
 *   bytes is not zero.
 * @example
 * bytes32ToAddress('0x0000000000000000000000005aaeb6053f3e94c9b9a09f33669435e7ef1beaed')
 * // '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed'
 */
export function bytes32ToAddress(value: Hex): Hex {
  const bytes = tryHexToBytes(value)
  if (bytes === undefined || bytes.length !== 32) {
    throw new ProtocolError('HEX_INVALID', 'a bytes32 is 32 bytes of 0x hex', {
      meta: { value: String(value).slice(0, 70) },
    })
  }
  if (bytes.subarray(0, 12).some((b) => b !== 0)) {
    throw new ProtocolError('ADDRESS_HIGH_BYTES_NONZERO', 'bytes32 is not a left-padded EVM address', {
      meta: { value },
    })
  }
  return `0x${value.slice(26).toLowerCase()}`
}
