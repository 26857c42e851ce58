import { SolanaSourceError } from '../SolanaSourceError.js'
import type { SlotCommitment } from './SlotCommitment.js'

/**
 * What a verifier remembers of a verified slot commitment to check later
 * ones against: its slot and the range of epoch indices it numbers.
 *
 * @example
 * const range: CommittedRange = { slot, epoch, messagesBefore: 17, messageCount: 3 } // indices 17..19
 */
export type CommittedRange = Pick<SlotCommitment, 'slot' | 'epoch' | 'messagesBefore' | 'messageCount'>

/**
 * Checks one verified commitment against others of the same Solana domain
 * the verifier holds (MEMO_FORMAT.md "Nonces", what the verifier checks):
 * within an epoch, a later slot's range starts at or after the end of an
 * earlier slot's (`messagesBefore(N) >= messagesBefore(P) + messageCount(P)`
 * for P < N) and one slot has one range. Equality (no gap) is what honest
 * members sign, but only the chain shows which slots hold messages, so a gap
 * is not checked here: it wastes nonces, it never reuses one. An overlap
 * would number two messages alike, and the second would find its
 * `(origin, nonce)` already executed: refused. Pure.
 *
 * @throws {SolanaSourceError} `COMMITMENT_COUNT_OVERLAP`.
 * @example
 * assertCountsChain(recentRanges, commitment)
 * recentRanges.push(commitment)
 */
export function assertCountsChain(known: readonly CommittedRange[], c: CommittedRange): void {
  const end = (r: CommittedRange) => r.messagesBefore + r.messageCount
  for (const k of known) {
    if (k.epoch !== c.epoch) continue
    const bad =
      k.slot === c.slot
        ? k.messagesBefore !== c.messagesBefore || k.messageCount !== c.messageCount
        : k.slot < c.slot
          ? end(k) > c.messagesBefore
          : end(c) > k.messagesBefore
    if (bad) {
      throw new SolanaSourceError(
        'COMMITMENT_COUNT_OVERLAP',
        `slot ${c.slot}'s message range overlaps slot ${k.slot}'s`,
        {
          meta: {
            slot: c.slot,
            messagesBefore: c.messagesBefore,
            messageCount: c.messageCount,
            other: { slot: k.slot, messagesBefore: k.messagesBefore, messageCount: k.messageCount },
          },
        },
      )
    }
  }
}
