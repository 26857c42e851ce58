import { StoreError } from './StoreError.js'

/** Every state a batch can be in. */
export const BATCH_STATES = ['proposed', 'signed', 'submitted', 'settled', 'refused'] as const
export type BatchState = (typeof BATCH_STATES)[number]

/**
 * The batch state machine. `refused`: co-signers would not sign, or the inbox
 * rejected the submission for good; its messages return to `verified`.
 * `submitted -> signed`: the submit tx was dropped and must be sent again.
 */
export const BATCH_TRANSITIONS: Readonly<Record<BatchState, readonly BatchState[]>> = {
  proposed: ['signed', 'refused'],
  signed: ['submitted', 'refused'],
  submitted: ['settled', 'signed', 'refused'],
  settled: [],
  refused: [],
}

/** The states a batch may move to `to` from. */
export function allowedBatchFromStates(to: BatchState): BatchState[] {
  return BATCH_STATES.filter((from) => BATCH_TRANSITIONS[from].includes(to))
}

/** Throws `StoreError` `ILLEGAL_TRANSITION` unless the batch may move `from -> to`. */
export function assertBatchTransition(from: BatchState, to: BatchState): void {
  if (BATCH_TRANSITIONS[from].includes(to)) return
  throw new StoreError('ILLEGAL_TRANSITION', `batch cannot move from ${from} to ${to}`, {
    meta: { from, to, allowed: BATCH_TRANSITIONS[from] },
  })
}
