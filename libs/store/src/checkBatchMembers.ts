import type { StoreDb } from './createDb.js'
import { packFixed } from './bulk/packFixed.js'
import { unpackIds } from './bulk/unpackIds.js'
import type { MessageState } from './messageStates.js'

export type CheckBatchMembersParameters = {
  destination: number
  ids: readonly Uint8Array[]
  /** When re-checking a batch already recorded locally: ids batched in exactly this batch also pass. */
  batchIndex?: bigint | undefined
}

export type CheckBatchMembersReturnType = {
  ok: boolean
  /** Ids this relayer has never seen. */
  missing: Uint8Array[]
  /** Ids it has, but not verified and unbatched for this destination (rejected, other destination, other batch). */
  notVerified: { id: Uint8Array; state: MessageState; destination: number }[]
  /** Ids listed more than once: a batch never repeats a leaf. */
  duplicates: Uint8Array[]
}

function findDuplicates(ids: readonly Uint8Array[]): Uint8Array[] {
  const seen = new Set<string>()
  const duplicates: Uint8Array[] = []
  for (const id of ids) {
    const key = Buffer.from(id.buffer, id.byteOffset, id.byteLength).toString('hex')
    if (seen.has(key)) duplicates.push(id)
    seen.add(key)
  }
  return duplicates
}

// Only problem rows come back; a clean batch returns zero rows.
const SQL = `SELECT u.id, m.state, m.destination FROM ${unpackIds(1)} AS u LEFT JOIN messages AS m ON m.id = u.id
  WHERE m.id IS NULL OR NOT coalesce(m.destination = $2 AND (m.state = 'verified'
    OR (m.state = 'batched' AND m.batch_destination = $2 AND m.batch_index = $3::int8)), false)`

/**
 * The co-signer's check: before signing a proposed batch, every id must be a
 * message this relayer verified itself, for this destination, and not in
 * another batch. A relayer never signs a root containing a message it has not verified.
 *
 * @example
 * const check = await checkBatchMembers(db, { destination, ids: proposal.ids })
 * if (!check.ok) return refuse(proposal, check)
 */
export async function checkBatchMembers(
  db: StoreDb,
  parameters: CheckBatchMembersParameters,
): Promise<CheckBatchMembersReturnType> {
  const result = await db.$client.query<{ id: Buffer; state: MessageState | null; destination: string | null }>(SQL, [
    packFixed(parameters.ids, 32, 'id'),
    parameters.destination,
    parameters.batchIndex?.toString() ?? null,
  ])
  const missing: Uint8Array[] = []
  const notVerified: CheckBatchMembersReturnType['notVerified'] = []
  for (const row of result.rows) {
    if (row.state === null) missing.push(row.id)
    else notVerified.push({ id: row.id, state: row.state, destination: Number(row.destination) })
  }
  const duplicates = findDuplicates(parameters.ids)
  const ok = parameters.ids.length > 0 && result.rows.length === 0 && duplicates.length === 0
  return { ok, missing, notVerified, duplicates }
}
