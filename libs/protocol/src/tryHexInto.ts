// Nibble value per char code, -1 for anything that is not a hex digit.
const NIBBLE = new Int8Array(128).fill(-1)
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i
for (let i = 0; i < 6; i++) {
  NIBBLE[65 + i] = 10 + i
  NIBBLE[97 + i] = 10 + i
}

function nibble(code: number): number {
  return code < 128 ? (NIBBLE[code] as number) : -1 // reason: code < 128 is in range
}

/**
 * Parses `hex` into `target` at `offset`; false (target partly written) when
 * `hex` is not `0x` followed by an even number of hex digits, or does not fit.
 * The verifiers use it to write proofs straight into kernel memory.
 *
 * @example
 * const buf = new Uint8Array(2)
 * tryHexInto('0x01ab', buf, 0) // true, buf = [1, 171]
 */
export function tryHexInto(hex: unknown, target: Uint8Array, offset: number): boolean {
  if (typeof hex !== 'string') return false
  if (hex.length % 2 !== 0 || hex.charCodeAt(0) !== 48 || (hex.charCodeAt(1) | 32) !== 120) return false
  const length = (hex.length - 2) / 2
  if (offset + length > target.length) return false
  for (let i = 0, j = 2; i < length; i++, j += 2) {
    const hi = nibble(hex.charCodeAt(j))
    const lo = nibble(hex.charCodeAt(j + 1))
    if (hi < 0 || lo < 0) return false
    target[offset + i] = (hi << 4) | lo
  }
  return true
}
