/** Remembers the last `size` keys added; `isNew(key)` is true while a key was not added yet. */
export type FirstTimeFilter = { isNew(key: string): boolean; add(key: string): void }

/**
 * A bounded memory of what a feeder already published, so a poll that returns the same objects publishes
 * nothing. Only the newest `size` keys are kept: an older one seen again is published again, which the stream's
 * msg-id dedup absorbs.
 *
 * @example
 * const fresh = createFirstTimeFilter(64)
 * if (fresh.isNew(id)) { await publish(...); fresh.add(id) }
 */
export function createFirstTimeFilter(size: number): FirstTimeFilter {
  const seen = new Set<string>()
  return {
    isNew: (key) => !seen.has(key),
    add(key) {
      seen.delete(key)
      seen.add(key)
      if (seen.size > size) seen.delete(seen.values().next().value as string) // reason: the set is not empty here
    },
  }
}
