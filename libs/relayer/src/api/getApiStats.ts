import { MESSAGE_STATES, type MessageState, type StoreDb } from '@relaymesh/store'
import type { ApiStats, StateCounts } from './ApiResponses.js'

// One scan for the totals, the per-destination and the per-route counts (the
// store's `countMessagesByState` would take one scan per destination).
const SQL = `SELECT origin::text AS origin, destination::text AS destination, state, count(*)::int AS n
  FROM messages GROUP BY origin, destination, state`

const zeroCounts = (): StateCounts => Object.fromEntries(MESSAGE_STATES.map((s) => [s, 0])) as StateCounts // reason: filled for every state

/**
 * Messages per state, in total, per destination and per route, in one statement. A
 * scan: callers coalesce concurrent calls (`startApi` does) and poll it
 * every few seconds, not per message.
 *
 * @example
 * const { total, byDestination } = await getApiStats(db)
 * total.executed // 200
 */
export async function getApiStats(db: StoreDb): Promise<ApiStats> {
  const result = await db.$client.query<{ origin: string; destination: string; state: MessageState; n: number }>(SQL)
  const total = zeroCounts()
  const byDestination: Record<string, StateCounts> = {}
  const byRoute: Record<string, StateCounts> = {}
  for (const row of result.rows) {
    total[row.state] += row.n
    ;(byDestination[row.destination] ??= zeroCounts())[row.state] += row.n
    ;(byRoute[`${row.origin}-${row.destination}`] ??= zeroCounts())[row.state] = row.n
  }
  return { total, byDestination, byRoute }
}
