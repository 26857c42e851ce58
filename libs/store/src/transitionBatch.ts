import type pg from 'pg'
import type { StoreDb } from './createDb.js'
import { allowedBatchFromStates, assertBatchTransition, type BatchState } from './batchStates.js'
import { StoreError } from './StoreError.js'

export type TransitionBatchParameters = {
  destination: number
  batchIndex: bigint
  /** `signed` or `submitted` (settling and refusing also move messages: use `settleBatch` / `refuseBatch`). */
  to: Extract<BatchState, 'signed' | 'submitted'>
  /** The submit tx, when moving to `submitted`. */
  submitTxHash?: Uint8Array | undefined
}

/** The hop timestamp a batch sets when it enters a state. */
const HOP: Partial<Record<BatchState, string>> = {
  signed: 'signed_at',
  submitted: 'submitted_at',
  settled: 'settled_at',
}

/** SQL moving one batch to `$3` from the table's allowed states; `RETURNING` is empty when it did not move. */
export const batchTransitionSql = (to: BatchState) => `UPDATE batches SET state = $3::batch_state,
  ${HOP[to] ? `${HOP[to]} = now(), ` : ''}updated_at = now(), submit_tx_hash = coalesce($5, submit_tx_hash)
  WHERE destination = $1 AND batch_index = $2 AND state = ANY($4::batch_state[]) RETURNING batch_hash`

/** Explains why a batch did not move: throws `NOT_FOUND` or `ILLEGAL_TRANSITION` (with the current state). */
export async function explainBatchRefusal(
  client: pg.Pool | pg.PoolClient,
  parameters: { destination: number; batchIndex: bigint; to: BatchState },
): Promise<never> {
  const { destination, batchIndex, to } = parameters
  const current = await client.query<{ state: BatchState }>(
    'SELECT state FROM batches WHERE destination = $1 AND batch_index = $2',
    [destination, batchIndex.toString()],
  )
  const state = current.rows[0]?.state
  if (!state) throw new StoreError('NOT_FOUND', 'no such batch', { meta: { destination, batchIndex } })
  assertBatchTransition(state, to)
  // The row moved between the UPDATE and this read: report the race the same way.
  throw new StoreError('ILLEGAL_TRANSITION', `batch cannot move from ${state} to ${to}`, {
    meta: { destination, batchIndex, state, to },
  })
}

/**
 * Moves a batch to `signed` or `submitted`, guarded by the batch state machine.
 * Throws `ILLEGAL_TRANSITION` (meta has the current state, so a replay is
 * visible) or `NOT_FOUND`.
 *
 * @example
 * await transitionBatch(db, { destination, batchIndex, to: 'submitted', submitTxHash })
 */
export async function transitionBatch(db: StoreDb, parameters: TransitionBatchParameters): Promise<void> {
  const { destination, batchIndex, to } = parameters
  const result = await db.$client.query(batchTransitionSql(to), [
    destination,
    batchIndex.toString(),
    to,
    allowedBatchFromStates(to),
    parameters.submitTxHash ? Buffer.from(parameters.submitTxHash) : null,
  ])
  if (result.rowCount !== 1) await explainBatchRefusal(db.$client, parameters)
}
