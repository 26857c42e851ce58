import type { StoreDb } from './createDb.js'
import { allowedBatchFromStates } from './batchStates.js'
import { allowedFromStates } from './messageStates.js'
import { batchTransitionSql, explainBatchRefusal } from './transitionBatch.js'

export type SettleBatchParameters = { destination: number; batchIndex: bigint }

export type SettleBatchReturnType = {
  /** Messages moved `batched -> settled`. */
  settled: number
}

// One statement: the batch moves and, only if it did, its messages follow, tracked by batch, not by id.
const SQL = `WITH b AS (${batchTransitionSql('settled')}), m AS (
  UPDATE messages SET state = 'settled', settled_at = now(), updated_at = now()
  WHERE batch_destination = $1 AND batch_index = $2 AND state = ANY($6::message_state[]) AND EXISTS (SELECT 1 FROM b)
  RETURNING 1)
SELECT (SELECT count(*) FROM b)::int AS batch_moved, (SELECT count(*) FROM m)::int AS settled`

/**
 * Marks a submitted batch settled (its root accepted by the destination's
 * SettlementInbox) and all its messages settled, atomically.
 *
 * @example
 * const { settled } = await settleBatch(db, { destination, batchIndex })
 */
export async function settleBatch(db: StoreDb, parameters: SettleBatchParameters): Promise<SettleBatchReturnType> {
  const { destination, batchIndex } = parameters
  const result = await db.$client.query<{ batch_moved: number; settled: number }>(SQL, [
    destination, batchIndex.toString(), 'settled', allowedBatchFromStates('settled'), null, allowedFromStates('settled'),
  ])
  const row = result.rows[0]
  if (row?.batch_moved !== 1) return explainBatchRefusal(db.$client, { destination, batchIndex, to: 'settled' })
  return { settled: row.settled }
}
