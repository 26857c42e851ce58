import { StoreError } from './StoreError.js'

/** Every state a message can be in. */
export const MESSAGE_STATES = ['observed', 'verified', 'rejected', 'batched', 'settled', 'executed', 'failed'] as const
export type MessageState = (typeof MESSAGE_STATES)[number]

/** How a message was verified; the API labels every message with it. */
export const VERIFICATIONS = ['light-client', 'attested', 'confirmations'] as const
export type Verification = (typeof VERIFICATIONS)[number]

/**
 * THE message state machine: the only place legal transitions are written
 * down. Every bulk statement in this lib takes its allowed from-states from
 * here (`allowedFromStates`), and `assertTransition` checks single moves.
 *
 * - `batched -> verified`: the batch was refused (never signed or never
 *   accepted), so its messages go back to the batcher's queue.
 * - `failed` is a retryable execution failure (the recipient reverted):
 *   `failed -> executed` on a later success, `failed -> failed` per attempt.
 * - `rejected` and `executed` are final.
 */
export const MESSAGE_TRANSITIONS: Readonly<Record<MessageState, readonly MessageState[]>> = {
  observed: ['verified', 'rejected'],
  verified: ['batched'],
  rejected: [],
  batched: ['settled', 'verified'],
  settled: ['executed', 'failed'],
  executed: [],
  failed: ['executed', 'failed'],
}

/** States a message may be inserted in (a known id is never re-inserted: replays are reported, not applied). */
export const INITIAL_MESSAGE_STATES = ['observed', 'verified', 'rejected'] as const satisfies readonly MessageState[]
export type InitialMessageState = (typeof INITIAL_MESSAGE_STATES)[number]

/** True when the state machine allows `from -> to`. */
export function canTransition(from: MessageState, to: MessageState): boolean {
  return MESSAGE_TRANSITIONS[from].includes(to)
}

/**
 * The states a message may move to `to` from, for `WHERE state = ANY($allowedFrom)`.
 *
 * @example
 * allowedFromStates('executed') // ['settled', 'failed']
 */
export function allowedFromStates(to: MessageState): MessageState[] {
  return MESSAGE_STATES.filter((from) => canTransition(from, to))
}

/**
 * Throws `StoreError` `ILLEGAL_TRANSITION` unless `from -> to` is legal.
 *
 * @example
 * assertTransition('settled', 'executed') // ok
 * assertTransition('executed', 'batched') // throws
 */
export function assertTransition(from: MessageState, to: MessageState): void {
  if (canTransition(from, to)) return
  throw new StoreError('ILLEGAL_TRANSITION', `message cannot move from ${from} to ${to}`, {
    meta: { from, to, allowed: MESSAGE_TRANSITIONS[from] },
  })
}
