/** What `TxManager.resume` brought to an end, as far as recovery cares. */
export type RecoveryState = {
  /** The persisted txs brought to an end; a mined one carries its receipt. */
  done: readonly { result?: { receipt: { blockNumber: bigint } } | undefined }[]
  /** The first tx that could not be brought to an end, if any. */
  stuck?: unknown
}

export type RecoveryDecision = {
  /**
   * Wait for the inbox follower to pass this block first: a resumed execute or one-shot settlement executed messages
   * that still look settled here until the follower records them.
   */
  followUpTo: bigint | undefined
  /**
   * `requeue-lost`: nothing of ours is pending, so a `submitted` batch the inbox lacks was lost with its tx and goes
   * back to `signed`. `retry`: a tx is stuck; nothing may be requeued (it could still land): fail the recovery, the
   * loop runs it again after a pause.
   */
  next: 'requeue-lost' | 'retry'
}

/**
 * The settler's recovery after a start or a failed tick, from what the tx manager resumed.
 *
 * @example
 * decideRecovery({ done: [{ result: { receipt: { blockNumber: 9n } } }] }) // { followUpTo: 9n, next: 'requeue-lost' }
 */
export function decideRecovery(state: RecoveryState): RecoveryDecision {
  let followUpTo: bigint | undefined
  for (const { result } of state.done)
    if (result && (followUpTo === undefined || result.receipt.blockNumber > followUpTo))
      followUpTo = result.receipt.blockNumber
  return { followUpTo, next: state.stuck ? 'retry' : 'requeue-lost' }
}
