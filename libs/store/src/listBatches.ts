import { and, desc, eq, sql, type SQL } from 'drizzle-orm'
import type { BatchState } from './batchStates.js'
import type { StoreDb } from './createDb.js'
import { batches } from './schema/batches.js'

export type BatchListPosition = { destination: number; batchIndex: bigint }

export type ListBatchesParameters = {
  destination?: number | undefined
  state?: BatchState | undefined
  /** Rows after this position (exclusive); omit for the first page. */
  after?: BatchListPosition | undefined
  limit: number
}

/** A batch row without its signatures (`getBatch` has them). */
export type BatchSummaryRecord = typeof batches.$inferSelect

export type ListBatchesReturnType = { batches: BatchSummaryRecord[]; next: BatchListPosition | null }

/**
 * Batches by destination, then index, both descending (the newest batch of
 * each destination first), one keyset page at a time: a backward walk of the
 * primary key.
 *
 * @example
 * const { batches, next } = await listBatches(db, { destination: 56, state: 'proposed', limit: 20 })
 */
export async function listBatches(db: StoreDb, parameters: ListBatchesParameters): Promise<ListBatchesReturnType> {
  const { after } = parameters
  const where: (SQL | undefined)[] = [
    parameters.destination === undefined ? undefined : eq(batches.destination, parameters.destination),
    parameters.state ? eq(batches.state, parameters.state) : undefined,
    after
      ? sql`(${batches.destination}, ${batches.batchIndex})
          < (${after.destination}, ${after.batchIndex.toString()}::int8)`
      : undefined,
  ]
  const rows = await db
    .select()
    .from(batches)
    .where(and(...where.filter((w): w is SQL => w !== undefined)))
    .orderBy(desc(batches.destination), desc(batches.batchIndex))
    .limit(parameters.limit + 1)
  const page = rows.slice(0, parameters.limit)
  const last = page.at(-1)
  return {
    batches: page,
    next:
      rows.length > parameters.limit && last ? { destination: last.destination, batchIndex: last.batchIndex } : null,
  }
}
