import type { Hex } from '@relaymesh/protocol'
import type { ParliaStore } from './ParliaStore.js'

export type GetParliaFinalizedExecutionParameters = {
  blockNumber: bigint
  blockHash: Hex
}

/**
 * - `final`: the block is finalized and its header was verified: trust its `receiptsRoot`.
 * - `pending`: not (yet) known to be final: wait, do not reject.
 * - `orphaned`: a different block is final at that height: this one never will be.
 */
export type GetParliaFinalizedExecutionReturnType =
  | { status: 'final'; receiptsRoot: Hex }
  | { status: 'pending' }
  | { status: 'orphaned'; finalizedHash: Hex }

/**
 * Is BSC block `blockNumber`/`blockHash` final, and what is its receiptsRoot?
 * Answers from the store alone (pure, no IO).
 *
 * @example
 * const result = getParliaFinalizedExecution(store, { blockNumber: 66277001n, blockHash })
 * if (result.status === 'final') verifyReceiptProof({ receiptsRoot: result.receiptsRoot, txIndex, proof })
 */
export function getParliaFinalizedExecution(store: ParliaStore, { blockNumber, blockHash }: GetParliaFinalizedExecutionParameters): GetParliaFinalizedExecutionReturnType {
  const final = store.finalBlocks.get(blockNumber)
  if (final === undefined) return { status: 'pending' }
  if (final.hash !== blockHash.toLowerCase()) return { status: 'orphaned', finalizedHash: final.hash }
  if (final.receiptsRoot === undefined) return { status: 'pending' }
  return { status: 'final', receiptsRoot: final.receiptsRoot }
}
