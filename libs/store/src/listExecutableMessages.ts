import type { StoreDb } from './createDb.js'
import type { StoredMessageRow } from './StoredMessageRow.js'

export type ExecutableMessagesParameters = {
  destination: number
  /** Attempts (the `attempts` column) after which a failed message stays `failed`. */
  maxAttempts: number
  /** First retry delay of a failed message; doubles per attempt. */
  retryBaseMs: number
}

export type ListExecutableMessagesParameters = ExecutableMessagesParameters & { limit: number }

export type ExecutableMessageRow = StoredMessageRow & { leaf_index: number; batch_index: string }

/**
 * Which messages are executable: settled and never tried, or failed and due for a retry
 * (SQL over `messages`; `$2` maxAttempts, `$3` retryBaseMs). Also read by `getSettlementWaits`.
 */
export const EXECUTABLE_WHERE = `(state = 'settled' OR (state = 'failed' AND attempts < $2
  AND updated_at <= now() - ($3::float8 * power(2, greatest(attempts - 1, 0))) * interval '1 millisecond'))`
// The executable messages of the lowest batch that has any.
const SQL = `SELECT id, nonce, origin, sender, recipient, gas_limit, payload, leaf_index, batch_index FROM messages
  WHERE batch_destination = $1 AND ${EXECUTABLE_WHERE}
    AND batch_index = (SELECT min(batch_index) FROM messages WHERE batch_destination = $1 AND ${EXECUTABLE_WHERE})
  ORDER BY leaf_index LIMIT $4`

/**
 * The executable messages (settled, or failed and due for a retry with exponential backoff until `maxAttempts`) of
 * the destination's lowest batch that has any, in leaf order, at most `limit`: the settler's next execute chunk.
 *
 * @example
 * const rows = await listExecutableMessages(db, { destination: 56, maxAttempts: 5, retryBaseMs: 2_000, limit: 256 })
 */
export async function listExecutableMessages(
  db: StoreDb,
  parameters: ListExecutableMessagesParameters,
): Promise<ExecutableMessageRow[]> {
  const { destination, maxAttempts, retryBaseMs, limit } = parameters
  const result = await db.$client.query<ExecutableMessageRow>(SQL, [destination, maxAttempts, retryBaseMs, limit])
  return result.rows
}
