import type { StoreDb } from './createDb.js'
import { allowedBatchFromStates } from './batchStates.js'
import { allowedFromStates } from './messageStates.js'
import { batchTransitionSql, explainBatchRefusal } from './transitionBatch.js'

export type RefuseBatchParameters = {
  destination: number
  batchIndex: bigint
  reasonCode: string
  details?: unknown
}

export type RefuseBatchReturnType = {
  /** Messages returned `batched -> verified`, back in the batcher's queue. */
  released: number
}

const SQL = `WITH b AS (${batchTransitionSql('refused')}), m AS (
  UPDATE messages SET state = 'verified', batch_destination = NULL, batch_index = NULL, leaf_index = NULL,
    batched_at = NULL, updated_at = now()
  WHERE batch_destination = $1 AND batch_index = $2 AND state = ANY($6::message_state[]) AND EXISTS (SELECT 1 FROM b)
  RETURNING 1), signatures AS (
  DELETE FROM batch_signatures WHERE destination = $1 AND batch_index = $2 AND EXISTS (SELECT 1 FROM b)
), logged AS (
  INSERT INTO rejections (stage, reason_code, details)
  SELECT 'batch', $7, jsonb_build_object('destination', $1::int8, 'batchIndex', $2::text,
    'batchHash', encode(b.batch_hash, 'hex')) || coalesce($8::jsonb, '{}'::jsonb) FROM b)
SELECT (SELECT count(*) FROM b)::int AS batch_moved, (SELECT count(*) FROM m)::int AS released`

/**
 * Refuses a batch for good (co-signers would not sign it, or the inbox
 * rejected it), releases its messages back to `verified`, drops its
 * signatures and records why. The next `assignBatch` at this index replaces
 * it, so the destination's batch indices stay consecutive.
 *
 * @example
 * await refuseBatch(db, { destination, batchIndex, reasonCode: 'QUORUM_NOT_REACHED' })
 */
export async function refuseBatch(db: StoreDb, parameters: RefuseBatchParameters): Promise<RefuseBatchReturnType> {
  const { destination, batchIndex } = parameters
  const result = await db.$client.query<{ batch_moved: number; released: number }>(SQL, [
    destination, batchIndex.toString(), 'refused', allowedBatchFromStates('refused'), null, allowedFromStates('verified'),
    parameters.reasonCode, parameters.details === undefined ? null : JSON.stringify(parameters.details),
  ])
  const row = result.rows[0]
  if (row?.batch_moved !== 1) return explainBatchRefusal(db.$client, { destination, batchIndex, to: 'refused' })
  return { released: row.released }
}
