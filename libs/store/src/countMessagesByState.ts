import { count, eq } from 'drizzle-orm'
import type { StoreDb } from './createDb.js'
import { MESSAGE_STATES, type MessageState } from './messageStates.js'
import { messages } from './schema/messages.js'

/**
 * Messages per state (every state present, zero when none), optionally for one
 * destination: progress and backlog metrics. A scan, so poll it every few
 * seconds, not per bundle.
 *
 * @example
 * const counts = await countMessagesByState(db, { destination: 56 })
 * metrics.backlog.set(counts.verified)
 */
export async function countMessagesByState(
  db: StoreDb,
  parameters: { destination?: number | undefined } = {},
): Promise<Record<MessageState, number>> {
  const rows = await db
    .select({ state: messages.state, n: count() })
    .from(messages)
    .where(parameters.destination === undefined ? undefined : eq(messages.destination, parameters.destination))
    .groupBy(messages.state)
  const counts = Object.fromEntries(MESSAGE_STATES.map((s) => [s, 0])) as Record<MessageState, number> // reason: filled for every state
  for (const row of rows) counts[row.state] = row.n
  return counts
}
