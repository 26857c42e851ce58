import type { BatchState } from '@relaymesh/store'

/**
 * `short`: fewer than `threshold` signatures (or no batch). `promote`: a `proposed` batch has its quorum, move it to
 * `signed`. `signed`: it already is. `moved-on`: it has the signatures but was refused or went further meanwhile.
 */
export type QuorumDecision = 'short' | 'promote' | 'signed' | 'moved-on'

/**
 * Whether a batch holding `signatures` signatures has reached its quorum.
 *
 * @example
 * decideQuorum({ state: 'proposed', signatures: 2 }, 2) // 'promote'
 */
export function decideQuorum(
  batch: { state: BatchState; signatures: number } | null,
  threshold: number,
): QuorumDecision {
  if (!batch || batch.signatures < threshold) return 'short'
  if (batch.state === 'proposed') return 'promote'
  return batch.state === 'signed' ? 'signed' : 'moved-on'
}
