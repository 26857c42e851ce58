import type { BatchState } from '@relaymesh/store'
import type { Hex } from 'viem'

/**
 * `record`: this relayer holds no live batch at the proposal's index; record the proposal there once its ids check.
 * `recorded`: it already holds this very batch; only its signature is (re)published. `supersede`: it holds another
 * batch there, still `proposed`: the proposer refused it and proposed again, so it is refused here too
 * (`BATCH_SUPERSEDED`) and the proposal recorded in its place. `conflict`: it holds another batch there that is
 * signed or further along, which a proposal never replaces (`BATCH_CHAIN_MISMATCH`).
 */
export type LocalBatchDecision = 'record' | 'recorded' | 'supersede' | 'conflict'

/**
 * What a co-signer does with the batch it holds at a proposal's index.
 *
 * @example
 * decideLocalBatch({ state: 'proposed', batchHash: '0xaa…' }, '0xbb…') // 'supersede'
 */
export function decideLocalBatch(
  local: { state: BatchState; batchHash: Hex } | null,
  proposalHash: Hex,
): LocalBatchDecision {
  if (!local || local.state === 'refused') return 'record'
  if (local.batchHash === proposalHash) return 'recorded'
  return local.state === 'proposed' ? 'supersede' : 'conflict'
}
