import type { StoreDb } from './createDb.js'

export type ListRefusedBundleClaimsParameters = {
  /** The rejections id this reader has passed (0 before its first run). */
  after: bigint
  /**
   * Only rejections at least this old (ms): a message refused with its whole bundle may still come back in another
   * block.
   */
  olderThanMs: number
  /** Rejections scanned at most. */
  limit: number
}

/**
 * A claim refused with its whole bundle, never stored since: no verdict of this relayer roots its trace but this one.
 */
export type RefusedBundleClaim = { messageId: Uint8Array; origin: number; reasonCode: string; refusedAt: Date }

export type ListRefusedBundleClaimsReturnType = {
  /** The last rejections id scanned (the reader's next `after`); undefined when none was due. */
  through: bigint | undefined
  /** Rejections scanned: `limit` when more may be due. */
  scanned: number
  claims: RefusedBundleClaim[]
}

// Rejections in id order, old enough; of them, the first rejection of each id, which was one of a whole bundle
// (details.scope = 'bundle', set by the verifier), of an id no stored message holds and no other kind of rejection
// names (a claim refused one by one, in the block it came back in, was rooted then, at that block's time).
const SQL = `WITH scanned AS (
  SELECT id, stage, message_id, origin, reason_code, details, created_at FROM rejections
  WHERE id > $1 AND created_at < now() - $2::int8 * interval '1 millisecond' ORDER BY id LIMIT $3
)
SELECT s.id::text AS id, s.message_id, s.origin, s.reason_code, s.created_at,
  (s.stage = 'verify' AND s.message_id IS NOT NULL AND s.details->>'scope' = 'bundle'
    AND NOT EXISTS (SELECT 1 FROM rejections e WHERE e.message_id = s.message_id
      AND (e.id < s.id OR e.details->>'scope' IS DISTINCT FROM 'bundle'))
    AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = s.message_id)) AS unrooted
FROM scanned s ORDER BY s.id`

/**
 * The claims this relayer refused with their whole bundle (its header, its
 * finality, an unknown origin) and never stored since, from the rejections
 * after `after`, in one statement: what the trace keeper roots once they are
 * old enough that the message is not coming back in another block.
 *
 * @example
 * const { through, claims } = await listRefusedBundleClaims(db, { after: cursor, olderThanMs: 600_000, limit: 5_000 })
 */
export async function listRefusedBundleClaims(
  db: StoreDb,
  p: ListRefusedBundleClaimsParameters,
): Promise<ListRefusedBundleClaimsReturnType> {
  const result = await db.$client.query<{
    id: string
    message_id: Buffer | null
    origin: string | null
    reason_code: string
    created_at: Date
    unrooted: boolean
  }>(SQL, [p.after.toString(), p.olderThanMs, p.limit])
  const last = result.rows.at(-1)
  const claims: RefusedBundleClaim[] = []
  for (const r of result.rows) {
    if (r.unrooted && r.message_id)
      claims.push({
        messageId: r.message_id,
        origin: Number(r.origin),
        reasonCode: r.reason_code,
        refusedAt: r.created_at,
      })
  }
  return { through: last === undefined ? undefined : BigInt(last.id), scanned: result.rows.length, claims }
}
