import { hexToBytes, keccak256, type Hex } from './hex.js'

/**
 * Whether a header's 2048-bit `logsBloom` may hold `value`, a log's address or one of its topics (Yellow Paper
 * §4.3.1, M3:2048: three bits chosen by the low 11 bits of the first three byte pairs of keccak256(value)). `false`
 * proves the block holds no log with it, a fact the header hash commits to; `true` may be a false positive. The
 * watcher checks a node's `eth_getLogs` answer against it, so a node that leaves a block's messages out is caught.
 *
 * @example
 * bloomMayContain(block.logsBloom, outbox) && bloomMayContain(block.logsBloom, DISPATCH_TOPIC)
 * // the block may hold messages
 */
export function bloomMayContain(bloom: Hex, value: Hex): boolean {
  const bits = hexToBytes(bloom, { field: 'logsBloom', code: 'HEADER_INVALID' }, 256)
  const hash = keccak256(hexToBytes(value, { field: 'bloom value', code: 'HEADER_INVALID' }))
  for (let i = 0; i < 6; i += 2) {
    const bit = (((hash[i] as number) << 8) | (hash[i + 1] as number)) & 2047 // reason: i + 1 < 32
    // Bit 0 is the last byte's lowest bit: the bloom is one big-endian 2048-bit number.
    if (((bits[255 - (bit >> 3)] as number) & (1 << (bit & 7))) === 0) return false // reason: index in 0..255
  }
  return true
}
