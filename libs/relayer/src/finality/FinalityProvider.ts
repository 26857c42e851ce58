import type { Hex } from 'viem'
import type { Verification } from '@relaymesh/store'

export type FinalityStatus =
  | { status: 'final'; verification: Verification }
  /** `code`: why it waits when that is not the normal wait (`BLOCK_NOT_FINAL`), e.g. `FINALITY_ENDPOINTS_DISAGREE`. */
  | { status: 'pending'; reason: string; code?: 'FINALITY_ENDPOINTS_DISAGREE' | undefined }
  | { status: 'orphaned'; canonicalHash: Hex | undefined }

/**
 * Answers "is this source block final?". The verifier asks it for every
 * bundle before accepting a message; `pending` means retry later (a message is
 * never rejected for waiting), `orphaned` means the block left the canonical
 * chain and its messages must never settle. The confirmation-depth rule
 * implements it today; the light-client issue plugs in proofs behind the same
 * interface.
 */
export interface FinalityProvider {
  check(block: { origin: number; number: bigint; hash: Hex }): Promise<FinalityStatus>
}
