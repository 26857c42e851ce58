import type { Hex } from '@relaymesh/protocol'
import { LightClientError } from '../LightClientError.js'
import type { ParliaStore } from './ParliaStore.js'

export type GetParliaFinalizedExecutionParameters = {
  blockNumber: number | bigint
  blockHash: Hex
}

/** Same shape as the Ethereum light client's `FinalExecution`. */
export type ParliaFinalExecution = {
  status: 'final'
  blockNumber: number
  blockHash: Hex
  receiptsRoot: Hex
  stateRoot: Hex
  /**
   * `checkpoint`: the source of a BEP-126 attestation whose target is its child; `ancestry`: linked to one by parent
   * hashes.
   */
  provenBy: 'checkpoint' | 'ancestry'
}

/** The Ethereum light client's answer shape, minus `ancestry-required` (BSC ancestors are fed as headers). */
export type GetParliaFinalizedExecutionReturnType =
  | ParliaFinalExecution
  /** Not known final yet (or final but its header not seen yet): feed headers, wait and ask again. */
  | { status: 'pending'; finalizedBlockNumber: number | null }
  /** Older than the store's retained history. */
  | { status: 'unavailable'; oldestBlockNumber: number }

/**
 * Is BSC block `blockNumber`/`blockHash` final, and what is its receiptsRoot?
 * Answers from the store alone (pure, no IO), in the Ethereum light client's shape.
 *
 * @throws {LightClientError} `LC_EXECUTION_BLOCK_CONFLICT` when a different block is final at that height: it never
 *   will be.
 * @example
 * const result = getParliaFinalizedExecution(store, { blockNumber: 66277001, blockHash })
 * if (result.status === 'final') verifyReceiptProof({ receiptsRoot: result.receiptsRoot, txIndex, proof })
 */
export function getParliaFinalizedExecution(
  store: ParliaStore,
  parameters: GetParliaFinalizedExecutionParameters,
): GetParliaFinalizedExecutionReturnType {
  const blockNumber = BigInt(parameters.blockNumber)
  const blockHash = parameters.blockHash.toLowerCase() as Hex // reason: lowercasing keeps the 0x prefix
  const oldest = store.head === undefined ? undefined : store.head.number - store.retainBlocks
  if (oldest !== undefined && blockNumber < oldest) return { status: 'unavailable', oldestBlockNumber: Number(oldest) }
  const final = store.finalBlocks.get(blockNumber)
  const finalizedBlockNumber = store.finalized === undefined ? null : Number(store.finalized.number)
  if (final === undefined) return { status: 'pending', finalizedBlockNumber }
  if (final.hash !== blockHash) {
    throw new LightClientError('A different block is final at this height', {
      code: 'LC_EXECUTION_BLOCK_CONFLICT',
      meta: { blockNumber, blockHash, finalHash: final.hash },
    })
  }
  if (final.receiptsRoot === undefined || final.stateRoot === undefined)
    return { status: 'pending', finalizedBlockNumber }
  return {
    status: 'final',
    blockNumber: Number(blockNumber),
    blockHash,
    receiptsRoot: final.receiptsRoot,
    stateRoot: final.stateRoot,
    provenBy: final.provenBy,
  }
}
