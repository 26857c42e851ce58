import type { StoreDb } from './createDb.js'
import { MESSAGE_STATES, type MessageState } from './messageStates.js'
import { readMessageCounts } from './readMessageCounts.js'

/**
 * Messages per state (every state present, zero when none), optionally for one
 * destination: progress and backlog metrics, read from the message counters
 * (a few rows whatever the history).
 *
 * @example
 * const counts = await countMessagesByState(db, { destination: 56 })
 * metrics.backlog.set(counts.verified)
 */
export async function countMessagesByState(
  db: StoreDb,
  parameters: { destination?: number | undefined } = {},
): Promise<Record<MessageState, number>> {
  // reason: filled for every state
  const counts = Object.fromEntries(MESSAGE_STATES.map((s) => [s, 0])) as Record<MessageState, number>
  for (const row of await readMessageCounts(db)) {
    if (parameters.destination === undefined || row.destination === parameters.destination) counts[row.state] += row.n
  }
  return counts
}
