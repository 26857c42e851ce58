import { MESSAGE_STATES, readMessageCounts, type StoreDb } from '@relaymesh/store'
import type { ApiStats, StateCounts } from '@relaymesh/sdk'

// reason: filled for every state
const zeroCounts = (): StateCounts => Object.fromEntries(MESSAGE_STATES.map((s) => [s, 0])) as StateCounts

/**
 * Messages per state, in total, per destination and per route, from the store's message counters: a few rows
 * whatever the history, so the devnet's progress line and a metrics scrape can ask every second.
 *
 * @example
 * const { total, byDestination } = await getApiStats(db)
 * total.executed // 200
 */
export async function getApiStats(db: StoreDb): Promise<ApiStats> {
  const total = zeroCounts()
  const byDestination: Record<string, StateCounts> = {}
  const byRoute: Record<string, StateCounts> = {}
  for (const row of await readMessageCounts(db)) {
    total[row.state] += row.n
    ;(byDestination[String(row.destination)] ??= zeroCounts())[row.state] += row.n
    ;(byRoute[`${row.origin}-${row.destination}`] ??= zeroCounts())[row.state] += row.n
  }
  return { total, byDestination, byRoute }
}
