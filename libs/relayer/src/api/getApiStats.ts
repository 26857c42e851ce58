import { MESSAGE_STATES, type MessageState, type StoreDb } from '@relaymesh/store'
import type { ApiStats, StateCounts } from './ApiResponses.js'

// One scan for both the totals and the per-destination counts (the store's
// `countMessagesByState` would take one scan per destination).
const SQL = 'SELECT destination::text AS destination, state, count(*)::int AS n FROM messages GROUP BY destination, state'

const zeroCounts = (): StateCounts => Object.fromEntries(MESSAGE_STATES.map((s) => [s, 0])) as StateCounts // reason: filled for every state

/**
 * Messages per state, in total and per destination, in one statement. A
 * scan: callers coalesce concurrent calls (`startApi` does) and poll it
 * every few seconds, not per message.
 *
 * @example
 * const { total, byDestination } = await getApiStats(db)
 * total.executed // 200
 */
export async function getApiStats(db: StoreDb): Promise<ApiStats> {
  const result = await db.$client.query<{ destination: string; state: MessageState; n: number }>(SQL)
  const total = zeroCounts()
  const byDestination: Record<string, StateCounts> = {}
  for (const row of result.rows) {
    total[row.state] += row.n
    const counts = (byDestination[row.destination] ??= zeroCounts())
    counts[row.state] = row.n
  }
  return { total, byDestination }
}
