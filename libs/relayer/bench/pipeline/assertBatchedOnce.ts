import type { RelayerContext } from '../../src/context/createRelayerContext.js'
import { batchTallyProblems, type BatchTally } from './batchTallyProblems.js'

// Counted from the rows, not the per-state counters the run's progress checks read: the check must not trust what
// it checks.
const TALLY_SQL = `SELECT
  (SELECT count(*) FROM messages WHERE destination = $1) AS messages,
  (SELECT count(*) FROM messages WHERE destination = $1 AND state = 'batched' AND batch_index IS NOT NULL) AS batched,
  (SELECT count(DISTINCT (batch_index, leaf_index)) FROM messages
    WHERE destination = $1 AND state = 'batched' AND batch_index IS NOT NULL) AS leaves,
  (SELECT coalesce(sum(message_count), 0) FROM batches WHERE destination = $1 AND state <> 'refused') AS claimed,
  (SELECT count(*) FROM batches b WHERE b.destination = $1 AND b.state <> 'refused' AND b.message_count <>
    (SELECT count(*) FROM messages m WHERE m.batch_destination = b.destination AND m.batch_index = b.batch_index))
    AS mismatched_batches`

/** Throws, naming what is off, unless every one of `total` messages to `destination` ended in exactly one batch. */
export async function assertBatchedOnce(
  ctx: Pick<RelayerContext, 'db'>,
  run: string,
  route: { destination: number; total: number },
): Promise<BatchTally> {
  const result = await ctx.db.$client.query<Record<string, string>>(TALLY_SQL, [route.destination])
  const row = result.rows[0] ?? {}
  const tally: BatchTally = {
    messages: Number(row.messages),
    batched: Number(row.batched),
    leaves: Number(row.leaves),
    claimed: Number(row.claimed),
    mismatchedBatches: Number(row.mismatched_batches),
  }
  const problems = batchTallyProblems(tally, route.total)
  if (problems.length > 0) throw new Error(`${run}: not every message in exactly one batch: ${problems.join('; ')}`)
  return tally
}
