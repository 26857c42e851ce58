import type { StoreDb } from './createDb.js'

export type ListRefusedBlocksParameters = {
  origin: number
  /** The rejections id this reader has passed (0 before its first run). */
  after: bigint
  /** Whole-bundle refusals with these reason codes only (`BLOCK_NOT_CANONICAL`, say). */
  reasonCodes: readonly string[]
  /** Only rejections at most this old (ms): a refusal from before a restart long ago is not acted on again. */
  newerThanMs: number
  /** Rejections scanned at most. */
  limit: number
  /**
   * Whose refusals: the verifier's of whole bundles (`verify`/`bundle`, the default), or the finality light client's
   * of one header in a run (`finality`/`header`: a Parlia seal by a signer outside the validator set, say).
   */
  from?: { stage: 'verify'; scope: 'bundle' } | { stage: 'finality'; scope: 'header' } | undefined
}

/** A source block the verifier refused whole, with the first reason code it was refused with. */
export type RefusedBlock = { number: bigint; hash: Uint8Array; reasonCode: string }

export type ListRefusedBlocksReturnType = {
  /** The last rejections id scanned (the reader's next `after`); undefined when none was. */
  through: bigint | undefined
  /** Rejections scanned: `limit` when more may be due. */
  scanned: number
  blocks: RefusedBlock[]
}

// Rejections in id order (the primary key) past the reader's cursor and recent enough; of them, the verifier's
// whole-bundle refusals of the origin with the given codes carry their block (the others only their id).
const SQL = `SELECT id::text AS id, CASE WHEN refused THEN block_hash END AS block_hash,
  CASE WHEN refused THEN details->>'blockNumber' END AS number, reason_code
FROM (
  SELECT id, block_hash, details, reason_code,
    stage = $6 AND origin = $4 AND reason_code = ANY($5::text[]) AND details->>'scope' = $7
      AND block_hash IS NOT NULL AND details->>'blockNumber' ~ '^[0-9]{1,20}$' AS refused
  FROM rejections
  WHERE id > $1 AND created_at > now() - $2::int8 * interval '1 millisecond' ORDER BY id LIMIT $3
) scanned ORDER BY id`

/**
 * The source blocks of `origin` the verifier refused whole for one of `reasonCodes`, from the rejections after
 * `after`, in one statement: what the watcher reads again from another RPC endpoint when the block it published was
 * not the finalized canonical one (a lying endpoint's forgery).
 *
 * @example
 * const { through, blocks } = await listRefusedBlocks(db, {
 *   origin: 1, after: cursor, reasonCodes: ['BLOCK_NOT_CANONICAL'], newerThanMs: 3_600_000, limit: 1_000,
 * })
 */
export async function listRefusedBlocks(
  db: StoreDb,
  p: ListRefusedBlocksParameters,
): Promise<ListRefusedBlocksReturnType> {
  const result = await db.$client.query<{
    id: string
    block_hash: Buffer | null
    number: string | null
    reason_code: string
  }>(SQL, [
    p.after.toString(),
    p.newerThanMs,
    p.limit,
    p.origin,
    p.reasonCodes,
    p.from?.stage ?? 'verify',
    p.from?.scope ?? 'bundle',
  ])
  const blocks = new Map<string, RefusedBlock>()
  for (const r of result.rows) {
    const key = r.block_hash?.toString('hex')
    if (r.block_hash && r.number !== null && key !== undefined && !blocks.has(key))
      blocks.set(key, { number: BigInt(r.number), hash: r.block_hash, reasonCode: r.reason_code })
  }
  const last = result.rows.at(-1)
  return {
    through: last === undefined ? undefined : BigInt(last.id),
    scanned: result.rows.length,
    blocks: [...blocks.values()],
  }
}
