import type { ReasonCode } from '@relaymesh/errors'
import type { StoreDb } from './createDb.js'
import { allowedBatchFromStates } from './batchStates.js'
import { withTransaction } from './withTransaction.js'
import { lockDestinationBatches } from './batchLock.js'
import { allowedFromStates } from './messageStates.js'
import { batchTransitionSql, explainBatchRefusal } from './transitionBatch.js'

export type RefuseBatchParameters = {
  destination: number
  batchIndex: bigint
  reasonCode: ReasonCode
  details?: unknown
}

export type RefuseBatchReturnType = {
  /**
   * Messages returned `batched -> verified` (of the batch and of its refused successors), back in the batcher's queue.
   */
  released: number
  /** Later batches of the destination refused with it (`BATCH_PREDECESSOR_REFUSED`): they extended its hash chain. */
  successors: number
}

/** The reason code logged for a later batch refused because the batch it chains on was. */
export const PREDECESSOR_REFUSED = 'BATCH_PREDECESSOR_REFUSED' satisfies ReasonCode

/** States a later batch can be in while the refused one was never accepted by the inbox (nothing after it can be). */
const SUCCESSOR_STATES = ['proposed', 'signed']

const SQL =
  `WITH b AS (${batchTransitionSql('refused')}), later AS (
  UPDATE batches SET state = 'refused', updated_at = now()
  WHERE destination = $1 AND batch_index > $2 AND state = ANY($9::batch_state[]) AND EXISTS (SELECT 1 FROM b)
  RETURNING batch_index, batch_hash), gone AS (
  SELECT $2::int8 AS batch_index FROM b UNION ALL SELECT batch_index FROM later), m AS (
  UPDATE messages SET state = 'verified', batch_destination = NULL, batch_index = NULL, leaf_index = NULL,
    batched_at = NULL, updated_at = now()
  WHERE batch_destination = $1 AND batch_index IN (SELECT batch_index FROM gone) AND state = ANY($6::message_state[])
  RETURNING 1), signatures AS (
  DELETE FROM batch_signatures WHERE destination = $1 AND batch_index IN (SELECT batch_index FROM gone)
), logged AS (
  INSERT INTO rejections (stage, reason_code, details)
  SELECT 'batch', $7, jsonb_build_object('destination', $1::int8, 'batchIndex', $2::text,
    'batchHash', encode(b.batch_hash, 'hex')) || coalesce($8::jsonb, '{}'::jsonb) FROM b
  UNION ALL
  SELECT 'batch', '${PREDECESSOR_REFUSED}', jsonb_build_object('destination', $1::int8, 'batchIndex', ` +
  `later.batch_index::text,
    'batchHash', encode(later.batch_hash, 'hex'), 'predecessor', $2::text) FROM later)
SELECT (SELECT count(*) FROM b)::int AS batch_moved, (SELECT count(*) FROM later)::int AS successors,
  (SELECT count(*) FROM m)::int AS released`

/**
 * Refuses a batch for good (co-signers would not sign it, the inbox rejected
 * it, or the chain holds another batch at its index), releases its messages
 * back to `verified`, drops its signatures and records why. Every later batch
 * of the destination not yet submitted goes with it (`BATCH_PREDECESSOR_REFUSED`):
 * each extends this one's hash chain, so the inbox could never accept it, and
 * a proposer that kept one would extend the chain past an index the inbox
 * still waits for (the destination would stop for good). The next
 * `assignBatch` at this index replaces it, so the indices stay consecutive.
 * Serialised with `assignBatch` by the destination's batch lock.
 *
 * @example
 * await refuseBatch(db, { destination, batchIndex, reasonCode: 'BATCH_QUORUM_TIMEOUT' })
 */
export async function refuseBatch(db: StoreDb, parameters: RefuseBatchParameters): Promise<RefuseBatchReturnType> {
  const { destination, batchIndex } = parameters
  const row = await withTransaction(db.$client, async (client) => {
    await lockDestinationBatches(client, destination)
    const result = await client.query<{ batch_moved: number; successors: number; released: number }>(SQL, [
      destination,
      batchIndex.toString(),
      'refused',
      allowedBatchFromStates('refused'),
      null,
      allowedFromStates('verified'),
      parameters.reasonCode,
      parameters.details === undefined ? null : JSON.stringify(parameters.details),
      SUCCESSOR_STATES,
    ])
    return result.rows[0]
  })
  if (row?.batch_moved !== 1) return explainBatchRefusal(db.$client, { destination, batchIndex, to: 'refused' })
  return { released: row.released, successors: row.successors }
}
