import { backlogOf, type MeshSample } from './MeshSample.js'

/**
 * Destinations that stopped executing: they had a backlog during the whole
 * last `windowSeconds` and their executed count did not move. The devnet's
 * summary names them; the benchmark fails on them.
 *
 * @example
 * findStalledDestinations(samples, 30) // ['31356']
 */
export function findStalledDestinations(samples: readonly MeshSample[], windowSeconds: number): string[] {
  const last = samples.at(-1)
  if (!last) return []
  // From the last sample at least `windowSeconds` old (samples come about once a second, never exactly on the mark).
  const from = samples.findLastIndex((s) => s.atSeconds <= last.atSeconds - windowSeconds)
  if (from < 0) return []
  const window = samples.slice(from)
  const first = window[0] as MeshSample // reason: `from` indexes an existing sample
  return Object.keys(last.destinations).filter(
    (key) =>
      window.every((s) => {
        const d = s.destinations[key]
        return d !== undefined && backlogOf(d) > 0
      }) && (first.destinations[key]?.executed ?? 0) === last.destinations[key]?.executed,
  )
}
