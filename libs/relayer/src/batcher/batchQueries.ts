/**
 * Reads the batch half of the pipeline needs that `@relaymesh/store` does not
 * offer yet. Each is one indexed statement; they belong in the store lib and
 * should move there (its owner decides the names).
 */
import { getBatch, type BatchState, type StoreDb } from '@relaymesh/store'
import { unpausedRouteSql } from '@relaymesh/store/internal'
import { bytesToHex } from '@relaymesh/protocol'
import type { Hex } from 'viem'

export type BatchRow = {
  batchIndex: bigint
  batchHash: Hex
  root: Hex
  messageCount: number
  previousBatchHash: Hex
  state: BatchState
  traceparent: string | null
  createdAt: Date
}

type RawBatchRow = {
  batch_index: string; batch_hash: Buffer; root: Buffer; message_count: number; previous_batch_hash: Buffer
  state: BatchState; traceparent: string | null; created_at: Date
}

const BATCH_COLUMNS = 'batch_index, batch_hash, root, message_count, previous_batch_hash, state, traceparent, created_at'

function toBatchRow(r: RawBatchRow): BatchRow {
  return {
    batchIndex: BigInt(r.batch_index), batchHash: bytesToHex(r.batch_hash), root: bytesToHex(r.root),
    messageCount: r.message_count, previousBatchHash: bytesToHex(r.previous_batch_hash), state: r.state,
    traceparent: r.traceparent, createdAt: r.created_at,
  }
}

/**
 * When the oldest verified, unbatched message of `destination` was verified (walks `messages_unbatched_idx`).
 * Paused routes are left out, as in `listUnbatchedMessages`: their waiting messages must not make a batch due.
 */
export async function oldestUnbatchedAt(db: StoreDb, destination: number): Promise<Date | null> {
  const result = await db.$client.query<{ verified_at: Date | null }>(
    `SELECT verified_at FROM messages WHERE destination = $1 AND state = 'verified' AND ${unpausedRouteSql('$1')}
     ORDER BY verified_at, id LIMIT 1`,
    [destination],
  )
  return result.rows[0]?.verified_at ?? null
}

/** The destination's highest-index batch, whatever its state, or null before the first. */
export async function latestBatch(db: StoreDb, destination: number): Promise<BatchRow | null> {
  const result = await db.$client.query<RawBatchRow>(
    `SELECT ${BATCH_COLUMNS} FROM batches WHERE destination = $1 ORDER BY batch_index DESC LIMIT 1`,
    [destination],
  )
  return result.rows[0] ? toBatchRow(result.rows[0]) : null
}

/**
 * The refused batch whose index the next proposal reuses: the first one above the destination's highest live (not
 * refused) batch, or its lowest batch when none is live; null when there is none (the highest batch is live).
 */
export async function reopenedBatch(db: StoreDb, destination: number): Promise<BatchRow | null> {
  const result = await db.$client.query<RawBatchRow>(
    `SELECT ${BATCH_COLUMNS} FROM batches WHERE destination = $1 AND state = 'refused' AND batch_index >
       coalesce((SELECT max(batch_index) FROM batches WHERE destination = $1 AND state <> 'refused'), -1)
     ORDER BY batch_index LIMIT 1`,
    [destination],
  )
  return result.rows[0] ? toBatchRow(result.rows[0]) : null
}

/** Batches of `destination` in `state`, lowest index first. */
export async function listBatches(db: StoreDb, destination: number, state: BatchState, limit = 100): Promise<BatchRow[]> {
  const result = await db.$client.query<RawBatchRow>(
    `SELECT ${BATCH_COLUMNS} FROM batches WHERE destination = $1 AND state = $2 ORDER BY batch_index LIMIT $3`,
    [destination, state, limit],
  )
  return result.rows.map(toBatchRow)
}

/** One batch of this relayer's database, or null (the store's `getBatch`, as hex). */
export async function findBatch(db: StoreDb, destination: number, batchIndex: bigint): Promise<BatchRow | null> {
  const batch = await getBatch(db, { destination, batchIndex })
  if (!batch) return null
  return {
    batchIndex: batch.batchIndex, batchHash: bytesToHex(batch.batchHash), root: bytesToHex(batch.root), messageCount: batch.messageCount,
    previousBatchHash: bytesToHex(batch.previousBatchHash), state: batch.state, traceparent: batch.traceparent, createdAt: batch.createdAt,
  }
}

export type MessageTrace = { id: Hex; traceparent: string | undefined }

/** Each message's stored `traceparent`, for spans in the message's own trace. */
export async function traceparentsOf(db: StoreDb, ids: readonly Uint8Array[]): Promise<MessageTrace[]> {
  if (ids.length === 0) return []
  const result = await db.$client.query<{ id: Buffer; traceparent: string | null }>(
    'SELECT id, traceparent FROM messages WHERE id = ANY($1::bytea[])',
    [ids.map((id) => Buffer.from(id.buffer, id.byteOffset, id.byteLength))],
  )
  return result.rows.map((r) => ({ id: bytesToHex(r.id), traceparent: r.traceparent ?? undefined }))
}

/** The `traceparent` of every message of a batch. */
export async function batchTraceparents(db: StoreDb, destination: number, batchIndex: bigint): Promise<MessageTrace[]> {
  const result = await db.$client.query<{ id: Buffer; traceparent: string | null }>(
    'SELECT id, traceparent FROM messages WHERE batch_destination = $1 AND batch_index = $2',
    [destination, batchIndex.toString()],
  )
  return result.rows.map((r) => ({ id: bytesToHex(r.id), traceparent: r.traceparent ?? undefined }))
}
