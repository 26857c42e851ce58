import type { BatchState } from './batchStates.js'
import type { StoreDb } from './createDb.js'

/** The columns of a batch the pipeline reads to propose, co-sign, submit and trace it (no signatures, no hop times). */
export type BatchHeadRecord = {
  batchIndex: bigint
  batchHash: Uint8Array
  root: Uint8Array
  messageCount: number
  previousBatchHash: Uint8Array
  state: BatchState
  traceparent: string | null
  createdAt: Date
}

type RawBatchHeadRow = {
  batch_index: string
  batch_hash: Buffer
  root: Buffer
  message_count: number
  previous_batch_hash: Buffer
  state: BatchState
  traceparent: string | null
  created_at: Date
}

export const BATCH_HEAD_COLUMNS =
  'batch_index, batch_hash, root, message_count, previous_batch_hash, state, traceparent, created_at'

/** Runs a `SELECT ${BATCH_HEAD_COLUMNS} FROM batches ...` statement and types its rows. */
export async function queryBatchHeads(db: StoreDb, sql: string, values: unknown[]): Promise<BatchHeadRecord[]> {
  const { rows } = await db.$client.query<RawBatchHeadRow>(sql, values)
  return rows.map((r) => ({
    batchIndex: BigInt(r.batch_index),
    batchHash: r.batch_hash,
    root: r.root,
    messageCount: r.message_count,
    previousBatchHash: r.previous_batch_hash,
    state: r.state,
    traceparent: r.traceparent,
    createdAt: r.created_at,
  }))
}
