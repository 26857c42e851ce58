import { LIST_LIMITS } from './parseListParams.js'

const LISTINGS = new Set(['/v1/messages', '/v1/batches'])

/** Rows of a listing page that cost one more token of a client's rate budget. */
export const ROWS_PER_TOKEN = 50

/**
 * Tokens a request takes from its client's rate budget: one, and for a listing one more per `ROWS_PER_TOKEN`
 * rows it asks for, so 200 requests for 500 messages each weigh what they cost the database (they took 27 s at
 * p50 6.5 s and were never limited). A malformed `limit` costs one: the route refuses it.
 *
 * @example
 * requestCost('/v1/messages', new URLSearchParams('limit=500')) // 11
 */
export function requestCost(pathname: string, query: URLSearchParams): number {
  if (!LISTINGS.has(pathname)) return 1
  const raw = query.get('limit')
  const limit = raw === null ? LIST_LIMITS.default : Number(raw)
  if (!Number.isInteger(limit) || limit < 1 || limit > LIST_LIMITS.max) return 1
  return 1 + Math.floor(limit / ROWS_PER_TOKEN)
}
