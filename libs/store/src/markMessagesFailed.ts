import type { ReasonCode } from '@relaymesh/errors'
import type { StoreDb } from './createDb.js'
import { missingIds } from './bulk/missingIds.js'
import { packFixed } from './bulk/packFixed.js'
import { splitIds } from './bulk/splitIds.js'
import { allowedFromStates } from './messageStates.js'
import { transitionSql, type TransitionMessagesReturnType } from './transitionMessages.js'

export type MarkMessagesFailedParameters = {
  ids: readonly Uint8Array[]
  /** Why execution failed, e.g. `RECIPIENT_REVERTED`. */
  reasonCode: ReasonCode
  details?: unknown
  /** The tx whose execution failed, when there was one. */
  executionTxHash?: Uint8Array | undefined
}

const SQL = `WITH up AS (${transitionSql('failed', {
  set: 'reason_code = $4, attempts = m.attempts + 1, execution_tx_hash = coalesce($6, m.execution_tx_hash)',
  params: [],
  returning: 'm.origin, m.source_block_hash',
})}), logged AS (
  INSERT INTO rejections (stage, reason_code, details, message_id, origin, block_hash)
  SELECT 'execute', $4, $5::jsonb, id, origin, source_block_hash FROM up
)
SELECT string_agg(id, ''::bytea) AS ids FROM up`

/**
 * Marks messages' execution as failed (retryable: `settled`/`failed -> failed`),
 * counts the attempt, and records one `rejections` row per message (stage
 * `execute`) in the same statement.
 *
 * @example
 * await markMessagesFailed(db, { ids, reasonCode: 'RECIPIENT_REVERTED', details: { revertData } })
 */
export async function markMessagesFailed(
  db: StoreDb,
  parameters: MarkMessagesFailedParameters,
): Promise<TransitionMessagesReturnType> {
  const { ids } = parameters
  if (ids.length === 0) return { moved: [], unmoved: [] }
  const result = await db.$client.query<{ ids: Buffer | null }>(SQL, [
    packFixed(ids, 32, 'id'),
    'failed',
    allowedFromStates('failed'),
    parameters.reasonCode,
    parameters.details === undefined ? null : JSON.stringify(parameters.details),
    parameters.executionTxHash ? packFixed([parameters.executionTxHash], 32, 'execution tx hash') : null,
  ])
  const moved = splitIds(result.rows[0]?.ids ?? null)
  return { moved, unmoved: moved.length === ids.length ? [] : missingIds(ids, moved) }
}
