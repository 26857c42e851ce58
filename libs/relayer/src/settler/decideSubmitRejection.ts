/**
 * What follows a submission the inbox rejected (its estimate or its mined tx reverted): `reconcile` when the inbox
 * says the index is taken (`BatchAlreadySubmitted`: maybe by our own earlier tx); `retry` (throw, the loop tries
 * again after a pause) when the error says so (`Paused`, out of order); otherwise `refuse` the batch for good
 * (root, chain link, quorum), so its messages return to the batcher's queue.
 */
export type SubmitRejectionDecision = 'reconcile' | 'retry' | 'refuse'

/**
 * @example
 * decideSubmitRejection({ errorName: 'InvalidRoot', action: 'reject' }) // 'refuse'
 */
export function decideSubmitRejection(rejection: {
  errorName: string
  action: string | undefined
}): SubmitRejectionDecision {
  if (rejection.errorName === 'BatchAlreadySubmitted') return 'reconcile'
  if (rejection.action === 'retry') return 'retry'
  return 'refuse'
}
