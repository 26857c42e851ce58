import type { StoreDb } from './createDb.js'
import { missingIds } from './bulk/missingIds.js'
import { packFixed } from './bulk/packFixed.js'
import { splitIds } from './bulk/splitIds.js'
import { unpackIds } from './bulk/unpackIds.js'
import type { TransitionMessagesReturnType } from './transitionMessages.js'

export type RetryFailedMessagesParameters = { ids: readonly Uint8Array[] }

// The settler picks a failed message when `attempts < maxAttempts` and
// `updated_at <= now() - retryBase * 2^(attempts - 1)` (executeSettledMessages):
// zero attempts and an epoch `updated_at` make it due at its next select,
// whatever the settler's options. The failures stay in `rejections`.
const SQL = `WITH up AS (
  UPDATE messages AS m SET attempts = 0, updated_at = timestamptz 'epoch'
  FROM ${unpackIds(1)} AS u WHERE m.id = u.id AND m.state = 'failed' RETURNING m.id)
SELECT string_agg(id, ''::bytea) AS ids FROM up`

/**
 * Makes `failed` messages due for execution again (an operator's retry after
 * fixing the recipient): resets their attempt count and backoff in one
 * statement. They stay `failed` until the settler's next execution records
 * `executed` or another failure. Ids in any other state are returned as `unmoved`.
 *
 * @example
 * const { moved, unmoved } = await retryFailedMessages(db, { ids: [id] })
 */
export async function retryFailedMessages(
  db: StoreDb,
  parameters: RetryFailedMessagesParameters,
): Promise<TransitionMessagesReturnType> {
  const { ids } = parameters
  if (ids.length === 0) return { moved: [], unmoved: [] }
  const result = await db.$client.query<{ ids: Buffer | null }>(SQL, [packFixed(ids, 32, 'id')])
  const moved = splitIds(result.rows[0]?.ids ?? null)
  return { moved, unmoved: moved.length === ids.length ? [] : missingIds(ids, moved) }
}
