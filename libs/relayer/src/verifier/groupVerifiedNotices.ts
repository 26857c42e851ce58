/** A destination's wake-up, and the parts it covers (redelivered together when it cannot be sent). */
export type VerifiedNoticeGroup<M> = { destination: number; count: number; from: M[] }

/**
 * The wake-ups a pull of parts sends: one per destination with the verified messages the pull stored for it, not one
 * per part (cost per pull, not per bundle). A part that stored nothing for a destination wakes nobody there.
 *
 * @example
 * groupVerifiedNotices([{ message: a, stored: new Map([[56, 2]]) }, { message: b, stored: new Map([[56, 1]]) }])
 * // [{ destination: 56, count: 3, from: [a, b] }]
 */
export function groupVerifiedNotices<M>(
  outcomes: ReadonlyArray<{ message: M; stored: ReadonlyMap<number, number> }>,
): VerifiedNoticeGroup<M>[] {
  const groups = new Map<number, VerifiedNoticeGroup<M>>()
  for (const { message, stored } of outcomes)
    for (const [destination, count] of stored) {
      const group = groups.get(destination) ?? { destination, count: 0, from: [] }
      group.count += count
      group.from.push(message)
      groups.set(destination, group)
    }
  return [...groups.values()]
}
