import type { Hex } from '@relaymesh/protocol'

/** Case-insensitive equality of two 0x-hex strings. */
export function equalBytes32Hex(a: Hex, b: Hex): boolean {
  return a.toLowerCase() === b.toLowerCase()
}
