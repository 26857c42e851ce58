import { sql } from 'drizzle-orm'
import type { StoreDb } from './createDb.js'
import { StoreError } from './StoreError.js'
import { finalityStates } from './schema/finalityStates.js'

export type FinalityStateRecord = typeof finalityStates.$inferSelect & {
  /** The deltas after the snapshot in `data`, versions `snapshotVersion + 1` up to `version`, in order. */
  journal: Uint8Array[]
}

export type GetFinalityStateParameters = { chain: number; client: string }

// One statement, so the snapshot and the journal are read at one instant: a concurrent snapshot that deletes the
// journal rows it covers cannot leave this read with an old snapshot and no deltas.
const GET_SQL = `SELECT s.version, s.snapshot_version, s.finalized_block, s.data, s.created_at, s.updated_at,
    ARRAY(SELECT j.data FROM finality_journal j WHERE j.chain = s.chain AND j.client = s.client
      AND j.version > s.snapshot_version AND j.version <= s.version ORDER BY j.version) AS journal
  FROM finality_states s WHERE s.chain = $1 AND s.client = $2`

type Row = {
  version: number
  snapshot_version: number
  finalized_block: string | null
  data: Buffer
  created_at: Date
  updated_at: Date
  journal: Buffer[]
}

/**
 * The stored light-client state of `chain`, or null before the first one: the last snapshot and the deltas
 * written after it (the client applies them in order).
 *
 * @example
 * const row = await getFinalityState(db, { chain: 31337, client: 'ethereum-sync-committee' })
 */
export async function getFinalityState(
  db: StoreDb,
  p: GetFinalityStateParameters,
): Promise<FinalityStateRecord | null> {
  const {
    rows: [row],
  } = await db.$client.query<Row>(GET_SQL, [p.chain, p.client])
  if (!row) return null
  if (row.journal.length !== row.version - row.snapshot_version) {
    throw new StoreError(
      'STATE_INCONSISTENT',
      `finality state ${p.client}@${p.chain}: version ${row.version} over snapshot ${row.snapshot_version} ` +
        `but ${row.journal.length} journal rows`,
      { meta: { ...p, version: row.version, snapshotVersion: row.snapshot_version } },
    )
  }
  return {
    chain: p.chain,
    client: p.client,
    version: row.version,
    snapshotVersion: row.snapshot_version,
    finalizedBlock: row.finalized_block === null ? null : BigInt(row.finalized_block),
    data: row.data,
    journal: row.journal,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/**
 * The stored version alone (null before the first state): a cheap check whether a cached state is still current,
 * before reading a state that may be megabytes.
 *
 * @example
 * if ((await getFinalityVersion(db, { chain, client })) !== cached.version)
 *   cached = restore(await getFinalityState(db, { chain, client }))
 */
export async function getFinalityVersion(db: StoreDb, p: GetFinalityStateParameters): Promise<number | null> {
  const {
    rows: [row],
  } = await db.$client.query<{ version: number }>(
    'SELECT version FROM finality_states WHERE chain = $1 AND client = $2',
    [p.chain, p.client],
  )
  return row?.version ?? null
}

export type PutFinalityStateParameters = GetFinalityStateParameters & {
  data: Uint8Array
  finalizedBlock: bigint | null
  /** The version read before the change (0 when there was no row). */
  expectedVersion: number
}

/**
 * Compare-and-set of a whole snapshot: writes `data` as version `expectedVersion + 1` only when the stored version
 * is still `expectedVersion`, and drops the journal it replaces. Returns false when another writer got there first
 * (reload and apply again).
 *
 * @example
 * const ok = await putFinalityState(db, { chain, client, data, finalizedBlock, expectedVersion: row?.version ?? 0 })
 */
export async function putFinalityState(db: StoreDb, p: PutFinalityStateParameters): Promise<boolean> {
  const version = p.expectedVersion + 1
  const rows = await db.transaction(async (tx) => {
    const written = await tx
      .insert(finalityStates)
      .values({
        chain: p.chain,
        client: p.client,
        version,
        snapshotVersion: version,
        finalizedBlock: p.finalizedBlock,
        data: p.data,
      })
      .onConflictDoUpdate({
        target: [finalityStates.chain, finalityStates.client],
        set: {
          version,
          snapshotVersion: version,
          finalizedBlock: p.finalizedBlock,
          data: p.data,
          updatedAt: sql`now()`,
        },
        setWhere: sql`${finalityStates.version} = ${p.expectedVersion}`,
      })
      .returning({ version: finalityStates.version })
    if (written.length === 1)
      await tx.execute(
        sql`DELETE FROM finality_journal WHERE chain = ${p.chain} AND client = ${p.client} AND version <= ${version}`,
      )
    return written
  })
  return rows.length === 1
}

export type AppendFinalityStateParameters = GetFinalityStateParameters & {
  /** What changed from `expectedVersion` (the client's own delta encoding). */
  delta: Uint8Array
  finalizedBlock: bigint | null
  /** The version read before the change: the row must exist. */
  expectedVersion: number
}

// The version bump and the journal row in one statement: the UPDATE's `version = $3` is the compare-and-set (a
// concurrent writer blocks on the row, then finds the version moved and updates nothing, so no journal row).
const APPEND_SQL =
  `WITH s AS (
    UPDATE finality_states SET version = $3::int + 1, finalized_block = $4, updated_at = now()
    WHERE chain = $1 AND client = $2 AND version = $3 RETURNING chain, client, version)
  INSERT INTO finality_journal (chain, client, version, data) SELECT chain, client, version, $5 FROM s ` +
  `RETURNING version`

/**
 * Compare-and-set of a delta: version `expectedVersion + 1` is `delta` applied to the stored state, written only
 * when the stored version is still `expectedVersion`. Costs what changed, not the size of the state. Returns false
 * when another writer got there first.
 *
 * @example
 * const ok = await appendFinalityState(db, { chain, client, delta, finalizedBlock, expectedVersion: row.version })
 */
export async function appendFinalityState(db: StoreDb, p: AppendFinalityStateParameters): Promise<boolean> {
  const delta = Buffer.from(p.delta.buffer, p.delta.byteOffset, p.delta.byteLength)
  const { rowCount } = await db.$client.query(APPEND_SQL, [
    p.chain,
    p.client,
    p.expectedVersion,
    p.finalizedBlock?.toString() ?? null,
    delta,
  ])
  return rowCount === 1
}
