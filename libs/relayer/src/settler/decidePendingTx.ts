/** What the tx manager read about one pending tx (all its versions share one nonce) in one poll. */
export type PendingTxObservation = {
  /** `clock.now()` of the poll. */
  now: number
  nonce: bigint
  /**
   * A receipt of one of the versions: deep enough (`confirmed`), or still `confirming`; undefined when none has one.
   */
  receipt: 'confirmed' | 'confirming' | undefined
  /** The account's mined count is past the nonce and no version has a receipt (`isNonceTaken`). */
  nonceTaken: boolean
  /**
   * What the node holds, when it was asked this poll (`lookEveryMs` apart): whether it knows one of the versions
   * (`eth_getTransactionByHash` not null) and the account's `pending` count (mined txs plus the gapless run in its
   * pool).
   */
  node?: { known: boolean; pendingCount: bigint } | undefined
}

/** What the manager remembers between polls of one pending tx. */
export type PendingTxWatch = {
  /** When a version of the tx was last broadcast (a fee bump waits `bumpAfterMs` from here). */
  broadcastAt: number
  /** Since when the nonce has been seen taken with no receipt. */
  takenSince?: number | undefined
  /**
   * Since when the node has shown nothing at the nonces below this one (the tx cannot be mined until they are filled).
   */
  gapSince?: number | undefined
}

export type DecidePendingTxOptions = {
  /** Not mined after this long since its last broadcast: re-sign with the same nonce and fees bumped. */
  bumpAfterMs: number
  /** A nonce taken, or a gap below it, must hold this long before the tx is given up: one reading is not proof. */
  graceMs: number
}

export type PendingTxAction =
  /** A version is mined deep enough: record it (mined, or failed if it reverted). */
  | { kind: 'record' }
  /** Nothing to do this poll. */
  | { kind: 'wait' }
  /**
   * The node has lost the tx and its nonce is still free: broadcast the stored bytes again (same hash, so never twice).
   */
  | { kind: 'rebroadcast' }
  /** Slow: re-sign at the same nonce with fees bumped. */
  | { kind: 'bump' }
  /**
   * The tx can never be mined: another tx took its nonce (`TX_NONCE_CONFLICT`), or it sits above nonces nothing
   * will fill (`TX_NONCE_GAP`). Book it failed so the work is decided again on a nonce that is free.
   */
  | { kind: 'give-up'; code: 'TX_NONCE_CONFLICT' | 'TX_NONCE_GAP' }

export type DecidePendingTxReturnType = { action: PendingTxAction; watch: PendingTxWatch }

/**
 * What to do with a pending tx given what the chain shows of it: the one
 * decision behind both waiting for a fresh tx and resuming a persisted one
 * after a restart (DESIGN.md "Never twice, never lost"). Every outcome keeps
 * the sender's nonces gapless: a lost tx whose nonce is free goes out again at
 * that nonce (never at a new one, so the work cannot land twice); one whose
 * nonce another tx took, or that sits above a gap, is given up, so the next
 * tx takes the chain's next free nonce instead of queueing behind it. Giving up
 * waits `graceMs`: a node updates its account state before its receipt index,
 * and a mined tx must never be booked as failed.
 *
 * @example
 * decidePendingTx(
 *   { broadcastAt: 0 },
 *   { now: 5_000, nonce: 7n, receipt: undefined, nonceTaken: false, node: { known: false, pendingCount: 7n } },
 *   options,
 * )
 * // { action: { kind: 'rebroadcast' }, watch: { broadcastAt: 0 } }
 */
export function decidePendingTx(
  watch: PendingTxWatch,
  seen: PendingTxObservation,
  options: DecidePendingTxOptions,
): DecidePendingTxReturnType {
  const { now } = seen
  if (seen.receipt === 'confirmed') return { action: { kind: 'record' }, watch }
  if (seen.receipt === 'confirming')
    return { action: { kind: 'wait' }, watch: { ...watch, takenSince: undefined, gapSince: undefined } }
  if (seen.nonceTaken) {
    const takenSince = watch.takenSince ?? now
    if (now - takenSince >= options.graceMs)
      return { action: { kind: 'give-up', code: 'TX_NONCE_CONFLICT' }, watch: { ...watch, takenSince } }
    return { action: { kind: 'wait' }, watch: { ...watch, takenSince, gapSince: undefined } }
  }
  let next: PendingTxWatch = { ...watch, takenSince: undefined }
  if (seen.node) {
    // Nothing pending at nonce - 1: known or not, this tx cannot be mined, and broadcasting it only parks it in the
    // pool.
    if (seen.nonce > seen.node.pendingCount) {
      const gapSince = watch.gapSince ?? now
      if (now - gapSince >= options.graceMs)
        return { action: { kind: 'give-up', code: 'TX_NONCE_GAP' }, watch: { ...next, gapSince } }
      return { action: { kind: 'wait' }, watch: { ...next, gapSince } }
    }
    next = { ...next, gapSince: undefined }
    if (!seen.node.known) return { action: { kind: 'rebroadcast' }, watch: next }
  }
  if (watch.gapSince !== undefined && !seen.node) return { action: { kind: 'wait' }, watch: next }
  if (now - watch.broadcastAt >= options.bumpAfterMs) return { action: { kind: 'bump' }, watch: next }
  return { action: { kind: 'wait' }, watch: next }
}
