import { listBatchTraceparents, type StoreDb } from '@relaymesh/store'
import type { MessageTrace } from './MessageTrace.js'
import { toMessageTrace } from './toMessageTrace.js'

/**
 * The `traceparent` of every message of a batch.
 *
 * @example
 * const messages = await batchTraceparents(ctx.db, 31356, 7n)
 */
export async function batchTraceparents(db: StoreDb, destination: number, batchIndex: bigint): Promise<MessageTrace[]> {
  return (await listBatchTraceparents(db, { destination, batchIndex })).map(toMessageTrace)
}
