/**
 * True when the 32 bytes of `memory` at `a` equal those at `b`.
 *
 * @example
 * equalBytes32(memory, rootAt, nodeAt)
 */
export function equalBytes32(memory: Uint8Array, a: number, b: number): boolean {
  let diff = 0
  // reason: callers pass offsets inside memory
  for (let i = 0; i < 32; i++) diff |= (memory[a + i] as number) ^ (memory[b + i] as number)
  return diff === 0
}
