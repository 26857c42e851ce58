import { and, eq, sql } from 'drizzle-orm'
import type { StoreDb } from './createDb.js'
import { finalityStates } from './schema/finalityStates.js'

export type FinalityStateRecord = typeof finalityStates.$inferSelect

export type GetFinalityStateParameters = { chain: number; client: string }

/**
 * The stored light-client state of `chain`, or null before the first one.
 *
 * @example
 * const row = await getFinalityState(db, { chain: 31337, client: 'ethereum-sync-committee' })
 */
export async function getFinalityState(db: StoreDb, p: GetFinalityStateParameters): Promise<FinalityStateRecord | null> {
  const [row] = await db.select().from(finalityStates).where(and(eq(finalityStates.chain, p.chain), eq(finalityStates.client, p.client)))
  return row ?? null
}

export type PutFinalityStateParameters = GetFinalityStateParameters & {
  data: Uint8Array
  finalizedBlock: bigint | null
  /** The version read before the change (0 when there was no row). */
  expectedVersion: number
}

/**
 * Compare-and-set: writes `data` as version `expectedVersion + 1` only when
 * the stored version is still `expectedVersion`. Returns false when another
 * writer got there first (reload and apply again).
 *
 * @example
 * const ok = await putFinalityState(db, { chain, client, data, finalizedBlock, expectedVersion: row?.version ?? 0 })
 */
export async function putFinalityState(db: StoreDb, p: PutFinalityStateParameters): Promise<boolean> {
  const version = p.expectedVersion + 1
  const rows = await db
    .insert(finalityStates)
    .values({ chain: p.chain, client: p.client, version, finalizedBlock: p.finalizedBlock, data: p.data })
    .onConflictDoUpdate({
      target: [finalityStates.chain, finalityStates.client],
      set: { version, finalizedBlock: p.finalizedBlock, data: p.data, updatedAt: sql`now()` },
      setWhere: sql`${finalityStates.version} = ${p.expectedVersion}`,
    })
    .returning({ version: finalityStates.version })
  return rows.length === 1
}
