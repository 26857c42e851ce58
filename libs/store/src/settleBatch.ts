import type { StoreDb } from './createDb.js'
import { allowedBatchFromStates } from './batchStates.js'
import { packFixed } from './bulk/packFixed.js'
import { splitIds } from './bulk/splitIds.js'
import { unpackIds } from './bulk/unpackIds.js'
import { allowedFromStates } from './messageStates.js'
import { batchTransitionSql, explainBatchRefusal } from './transitionBatch.js'

export type SettleBatchParameters = {
  destination: number
  batchIndex: bigint
  /**
   * Messages of this batch the settling transaction itself executed (`submitAndExecute`, PROTOCOL.md "One-shot
   * settlement"): they pass through `settled` to `executed` in the same statement, so each row is written once
   * instead of twice. Ids outside the batch are ignored (the caller applies them as ordinary executions).
   */
  executed?: { ids: readonly Uint8Array[]; executionTxHash: Uint8Array } | undefined
}

export type SettleBatchReturnType = {
  /** Messages moved `batched -> settled` (and no further). */
  settled: number
  /** Ids of `executed` moved `batched -> settled -> executed`. */
  executed: Uint8Array[]
}

// One statement: the batch moves and, only if it did, its messages follow, tracked by batch, not by id. Messages the
// same transaction executed (`$7`, packed ids; `$8` its hash) are written as executed at once: a message's row is
// rewritten with every index entry on each state change, so the one-shot path saves a whole write per message.
const SQL = `WITH b AS (${batchTransitionSql('settled')}), x AS (SELECT id FROM ${unpackIds(7)} AS u), m AS (
  UPDATE messages SET state = CASE WHEN id IN (SELECT id FROM x) THEN 'executed' ELSE 'settled' END::message_state,
    settled_at = now(), updated_at = now(),
    executed_at = CASE WHEN id IN (SELECT id FROM x) THEN now() ELSE executed_at END,
    execution_tx_hash = CASE WHEN id IN (SELECT id FROM x) THEN $8 ELSE execution_tx_hash END,
    attempts = CASE WHEN id IN (SELECT id FROM x) THEN attempts + 1 ELSE attempts END
  WHERE batch_destination = $1 AND batch_index = $2 AND state = ANY($6::message_state[]) AND EXISTS (SELECT 1 FROM b)
  RETURNING id, state)
SELECT (SELECT count(*) FROM b)::int AS batch_moved, (SELECT count(*) FROM m WHERE state = 'settled')::int AS settled,
  (SELECT string_agg(id, ''::bytea) FROM m WHERE state = 'executed') AS executed`

/**
 * Marks a submitted batch settled (its root accepted by the destination's
 * SettlementInbox) and all its messages settled, atomically; those the
 * settling transaction also executed (`executed`) become `executed` in the
 * same write, with their execution tx and a counted attempt.
 *
 * @example
 * const { settled, executed } = await settleBatch(db, { destination, batchIndex, executed: { ids, executionTxHash } })
 */
export async function settleBatch(db: StoreDb, parameters: SettleBatchParameters): Promise<SettleBatchReturnType> {
  const { destination, batchIndex } = parameters
  const executed = parameters.executed
  const result = await db.$client.query<{ batch_moved: number; settled: number; executed: Buffer | null }>(SQL, [
    destination,
    batchIndex.toString(),
    'settled',
    allowedBatchFromStates('settled'),
    null,
    allowedFromStates('settled'),
    executed?.ids.length ? packFixed(executed.ids, 32, 'id') : Buffer.alloc(0),
    executed?.ids.length ? packFixed([executed.executionTxHash], 32, 'execution tx hash') : null,
  ])
  const row = result.rows[0]
  if (row?.batch_moved !== 1) return explainBatchRefusal(db.$client, { destination, batchIndex, to: 'settled' })
  return { settled: row.settled, executed: splitIds(row.executed) }
}
