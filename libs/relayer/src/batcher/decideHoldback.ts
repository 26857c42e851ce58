import type { SealOptions } from './decideSeal.js'

/** What a proposer learned of its latest batch for a destination. */
export type HoldbackEvent =
  /** No quorum within the quorum timeout: some co-signer had not verified its newest messages in time. */
  | { kind: 'refused' }
  /** Quorum reached `waitedMs` after the batch was proposed. */
  | { kind: 'quorum'; waitedMs: number }

/** Below this a holdback is dropped: it would only add latency. */
const HOLDBACK_FLOOR_MS = 1_000

/**
 * How long a message must have been verified here before the proposer puts it in a batch, after `event`. Zero while
 * co-signers keep up: a co-signer waits for its own verifier up to its co-sign deadline, so a proposal of messages
 * verified a moment ago is signed. A co-signer lagging further than that refuses every proposal of new messages,
 * and each refusal costs the destination a whole quorum timeout (35 s by default) with nothing settled: a soak on a
 * loaded machine spent most of its time so. After a refusal the proposer holds back the newest messages, by half the
 * deadline at first and twice as long at each refusal in a row (up to four deadlines); a quorum reached within half
 * the deadline halves the holdback again, down to zero. No message waits longer than the holdback's cap for it.
 *
 * @example
 * decideHoldback(0, { kind: 'refused' }, { cosignDeadlineMs: 30_000 }) // 15_000
 * decideHoldback(15_000, { kind: 'quorum', waitedMs: 2_000 }, { cosignDeadlineMs: 30_000 }) // 7_500
 */
export function decideHoldback(
  holdbackMs: number,
  event: HoldbackEvent,
  options: Pick<SealOptions, 'cosignDeadlineMs'>,
): number {
  const deadline = options.cosignDeadlineMs
  if (event.kind === 'refused') return Math.min(Math.max(2 * holdbackMs, deadline / 2), 4 * deadline)
  if (event.waitedMs >= deadline / 2) return holdbackMs
  const halved = holdbackMs / 2
  return halved < HOLDBACK_FLOOR_MS ? 0 : halved
}
