/**
 * Hex-prefix encoding of a nibble path (Yellow Paper appendix C): the first
 * nibble carries two flags, bit 1 = leaf (terminator), bit 0 = odd length;
 * an even path gets a zero padding nibble after the flags.
 *
 * @example
 * encodeHexPrefix(Uint8Array.of(1, 2, 3), true) // Uint8Array [0x31, 0x23]
 * encodeHexPrefix(Uint8Array.of(0, 1), false)   // Uint8Array [0x00, 0x01]
 */
export function encodeHexPrefix(nibbles: ArrayLike<number>, isLeaf: boolean): Uint8Array {
  const odd = nibbles.length % 2
  const flags = (isLeaf ? 2 : 0) + odd
  const out = new Uint8Array(1 + ((nibbles.length - odd) >> 1))
  let i = 0
  if (odd === 1) {
    out[0] = flags * 16 + (nibbles[0] as number) // reason: odd length implies at least one nibble
    i = 1
  } else {
    out[0] = flags * 16
  }
  // reason: pairs exist after the odd one
  for (let o = 1; i < nibbles.length; i += 2, o++) out[o] = (nibbles[i] as number) * 16 + (nibbles[i + 1] as number)
  return out
}
