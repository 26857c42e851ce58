import { keccak256 } from '@relaymesh/protocol'
import { bytesToHex, hexToBytes, type Hex } from 'viem'

/**
 * A signed tx's hash (keccak256 of its raw bytes) on the WebAssembly kernel: a settlement tx carries its batch as
 * calldata (hundreds of kB), about 20 times slower through viem's JavaScript `keccak256`.
 *
 * @example
 * const txHash = hashRawTx(rawTx)
 */
export function hashRawTx(rawTx: Hex): Hex {
  return bytesToHex(keccak256(hexToBytes(rawTx)))
}
