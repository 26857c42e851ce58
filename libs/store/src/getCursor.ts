import { and, eq } from 'drizzle-orm'
import type { StoreDb } from './createDb.js'
import { chainCursors } from './schema/chainCursors.js'

export type ChainCursor = typeof chainCursors.$inferSelect

export type GetCursorParameters = { chain: number; name: string }

/**
 * Where the reader `name` stopped on `chain`, or null before its first run.
 *
 * @example
 * const cursor = await getCursor(db, { chain: 31337, name: 'watcher' })
 * const from = cursor ? cursor.blockNumber + 1n : startBlock
 */
export async function getCursor(db: StoreDb, parameters: GetCursorParameters): Promise<ChainCursor | null> {
  const [cursor] = await db
    .select()
    .from(chainCursors)
    .where(and(eq(chainCursors.chain, parameters.chain), eq(chainCursors.name, parameters.name)))
  return cursor ?? null
}
