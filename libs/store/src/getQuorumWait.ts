import type { StoreDb } from './createDb.js'

/** How long batches waited for their co-signatures, in seconds. */
export type QuorumWait = { destination: number; batches: number; p50: number; p99: number; max: number }

const SQL = `
SELECT destination, count(*) AS batches,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM signed_at - created_at)) AS p50,
  percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM signed_at - created_at)) AS p99,
  max(extract(epoch FROM signed_at - created_at)) AS max
FROM batches WHERE signed_at IS NOT NULL AND destination = ANY($1::bigint[]) GROUP BY destination ORDER BY destination`

/**
 * Per destination, the time from a batch's row to its quorum of signatures (`created_at` → `signed_at`), as this
 * relayer recorded them: for a batch it proposed, the wait its messages spent on the co-signers they needed (for one
 * it co-signed, the wait from its own signature). One aggregate scan, for benchmarks and reports, not for a hot path.
 *
 * @example
 * const [wait] = await getQuorumWait(db, { destinations: [31337n] })
 * wait?.p99 // e.g. 3.1 (seconds)
 */
export async function getQuorumWait(db: StoreDb, parameters: { destinations: bigint[] }): Promise<QuorumWait[]> {
  const result = await db.$client.query<Record<keyof QuorumWait, string | number>>(SQL, [
    parameters.destinations.map(String),
  ])
  return result.rows.map((r) => ({
    destination: Number(r.destination),
    batches: Number(r.batches),
    p50: Number(r.p50),
    p99: Number(r.p99),
    max: Number(r.max),
  }))
}
