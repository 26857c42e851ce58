/**
 * Verified messages per destination: what the verifier's wake-up of each destination's batcher says.
 *
 * @example
 * countByDestination(new Uint32Array([56, 1, 56])) // Map { 56 => 2, 1 => 1 }
 */
export function countByDestination(destinations: Iterable<number>): Map<number, number> {
  const counts = new Map<number, number>()
  for (const d of destinations) counts.set(d, (counts.get(d) ?? 0) + 1)
  return counts
}
