/** What the database holds for one destination after a run, counted from the rows themselves (not the counters). */
export type BatchTally = {
  /** Message rows of the destination. */
  messages: number
  /** Of those, `batched` with a batch index. */
  batched: number
  /** Distinct (batch index, leaf index) pairs among the batched: two messages on one leaf would count once. */
  leaves: number
  /** Sum of the live batches' `message_count`: what the batches claim to hold. */
  claimed: number
  /** Live batches whose `message_count` differs from the messages pointing at them. */
  mismatchedBatches: number
}

/**
 * Why a run's messages did not each end in exactly one batch (empty when they did): every one of the `total`
 * published messages stored once, batched, on a leaf of its own, and the batches holding exactly those.
 *
 * @example
 * batchTallyProblems({ messages: 10, batched: 9, leaves: 9, claimed: 9, mismatchedBatches: 0 }, 10)
 * // ['9 of 10 messages batched']
 */
export function batchTallyProblems(tally: BatchTally, total: number): string[] {
  const problems: string[] = []
  if (tally.messages !== total) problems.push(`${tally.messages} messages stored, ${total} published`)
  if (tally.batched !== total) problems.push(`${tally.batched} of ${total} messages batched`)
  if (tally.leaves !== tally.batched) problems.push(`${tally.batched} batched messages on ${tally.leaves} leaves`)
  if (tally.claimed !== total) problems.push(`batches claim ${tally.claimed} messages, ${total} published`)
  if (tally.mismatchedBatches > 0)
    problems.push(`${tally.mismatchedBatches} batches whose message count differs from their messages`)
  return problems
}
