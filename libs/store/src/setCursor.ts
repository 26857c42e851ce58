import { sql } from 'drizzle-orm'
import type { StoreDb } from './createDb.js'
import { chainCursors } from './schema/chainCursors.js'

export type SetCursorParameters = {
  chain: number
  name: string
  blockNumber: bigint
  blockHash?: Uint8Array | null | undefined
  /** The reader's running count at this cursor (`chainCursors.runningCount`); omitted: cleared. */
  runningCount?: bigint | null | undefined
}

/**
 * Upserts a reader's cursor. It may move backwards (a reorg rewinds it).
 *
 * @example
 * await setCursor(db, { chain: 31337, name: 'watcher', blockNumber: 120n, blockHash })
 */
export async function setCursor(db: StoreDb, parameters: SetCursorParameters): Promise<void> {
  const row = { ...parameters, blockHash: parameters.blockHash ?? null, runningCount: parameters.runningCount ?? null }
  await db
    .insert(chainCursors)
    .values(row)
    .onConflictDoUpdate({
      target: [chainCursors.chain, chainCursors.name],
      set: {
        blockNumber: row.blockNumber,
        blockHash: row.blockHash,
        runningCount: row.runningCount,
        updatedAt: sql`now()`,
      },
    })
}
