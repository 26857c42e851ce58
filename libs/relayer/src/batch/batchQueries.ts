/**
 * The batch half of the pipeline reads batches and message traces through the store's functions; these give the
 * relayer's view of their rows, hashes as `0x` hex.
 */
import {
  getBatch,
  getLatestBatch,
  getReopenedBatch,
  listBatchesInState,
  listBatchTraceparents,
  listMessageTraceparents,
  type BatchHeadRecord,
  type BatchState,
  type MessageTraceRecord,
  type StoreDb,
} from '@relaymesh/store'
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

/** A stored batch as the relayer handles it: its hashes as hex. */
export function toBatchRow(r: BatchHeadRecord): BatchRow {
  return {
    batchIndex: r.batchIndex,
    batchHash: bytesToHex(r.batchHash),
    root: bytesToHex(r.root),
    messageCount: r.messageCount,
    previousBatchHash: bytesToHex(r.previousBatchHash),
    state: r.state,
    traceparent: r.traceparent,
    createdAt: r.createdAt,
  }
}

/** The destination's highest-index batch, whatever its state, or null before the first (`getLatestBatch`). */
export async function latestBatch(db: StoreDb, destination: number): Promise<BatchRow | null> {
  const batch = await getLatestBatch(db, { destination })
  return batch ? toBatchRow(batch) : null
}

/** The refused batch whose index the next proposal reuses, or null (`getReopenedBatch`). */
export async function reopenedBatch(db: StoreDb, destination: number): Promise<BatchRow | null> {
  const batch = await getReopenedBatch(db, { destination })
  return batch ? toBatchRow(batch) : null
}

/** Batches of `destination` in `state`, lowest index first (`listBatchesInState`). */
export async function listBatchRows(
  db: StoreDb,
  destination: number,
  state: BatchState,
  limit = 100,
): Promise<BatchRow[]> {
  return (await listBatchesInState(db, { destination, state, limit })).map(toBatchRow)
}

/** One batch of this relayer's database, or null (the store's `getBatch`, as hex). */
export async function findBatch(db: StoreDb, destination: number, batchIndex: bigint): Promise<BatchRow | null> {
  const batch = await getBatch(db, { destination, batchIndex })
  return batch ? toBatchRow(batch) : null
}

export type MessageTrace = { id: Hex; traceparent: string | undefined }

/** A stored message trace as spans take it. */
export const toMessageTrace = (r: MessageTraceRecord): MessageTrace => ({
  id: bytesToHex(r.id),
  traceparent: r.traceparent ?? undefined,
})

/** Each message's stored `traceparent`, for spans in the message's own trace. */
export async function traceparentsOf(db: StoreDb, ids: readonly Uint8Array[]): Promise<MessageTrace[]> {
  return (await listMessageTraceparents(db, { ids })).map(toMessageTrace)
}

/** The `traceparent` of every message of a batch. */
export async function batchTraceparents(db: StoreDb, destination: number, batchIndex: bigint): Promise<MessageTrace[]> {
  return (await listBatchTraceparents(db, { destination, batchIndex })).map(toMessageTrace)
}
