import { decodeBlockHeader, type Hex } from '@relaymesh/receipt-proof'
import { LightClientError } from '../LightClientError.js'
import type { FinalizedExecution, LightClientStore } from './LightClientStore.js'

export type GetFinalizedExecutionParameters = {
  blockNumber: number
  blockHash: Hex
  /**
   * For a block between two finalized checkpoints: the RLP headers from
   * this block up to a finalized checkpoint block, oldest first. Each
   * header's hash must be the next one's parentHash and the last must be a
   * finalized execution block in the store's history.
   */
  ancestry?: readonly Uint8Array[]
}

export type FinalExecution = {
  status: 'final'
  blockNumber: number
  blockHash: Hex
  receiptsRoot: Hex
  stateRoot: Hex
  /** `checkpoint`: the block is a finalized beacon header's payload; `ancestry`: linked to one by parent hashes. */
  provenBy: 'checkpoint' | 'ancestry'
}

export type GetFinalizedExecutionReturnType =
  | FinalExecution
  /** Not final yet: the store has not finalized that far (or only by a forced update). Wait and ask again. */
  | { status: 'pending'; finalizedBlockNumber: number | null }
  /**
   * At or below finality but not a checkpoint in the history: resend with
   * `ancestry` up to `anchor` (the nearest finalized checkpoint above; for
   * a block older than the bounded history, the oldest one kept).
   */
  | { status: 'ancestry-required'; anchor: { blockNumber: number; blockHash: Hex } }

const lower = (hex: string) => hex.toLowerCase()

function conflict(message: string, meta: Record<string, unknown>): LightClientError {
  return new LightClientError(message, { code: 'LC_EXECUTION_BLOCK_CONFLICT', meta })
}

function answer(entry: FinalizedExecution, provenBy: FinalExecution['provenBy']): FinalExecution {
  const { blockNumber, blockHash, receiptsRoot, stateRoot } = entry
  return { status: 'final', blockNumber, blockHash, receiptsRoot, stateRoot, provenBy }
}

function proveByAncestry(
  anchor: FinalizedExecution,
  parameters: GetFinalizedExecutionParameters,
  ancestry: readonly Uint8Array[],
): FinalExecution {
  const headers = ancestry.map((rlp) => decodeBlockHeader(rlp))
  const first = headers[0]
  const last = headers[headers.length - 1]
  if (!first || !last || lower(last.hash) !== lower(anchor.blockHash)) {
    throw conflict('Ancestry does not end at the finalized checkpoint', { anchor: anchor.blockNumber })
  }
  for (let i = 0; i + 1 < headers.length; i++) {
    const [child, parent] = [headers[i + 1], headers[i]] as const
    if (!child || !parent || lower(child.parentHash) !== lower(parent.hash) || child.number !== parent.number + 1n) {
      throw conflict('Ancestry is not a parent-hash chain', { at: i })
    }
  }
  if (first.number !== BigInt(parameters.blockNumber) || lower(first.hash) !== lower(parameters.blockHash)) {
    throw conflict('A different block is final at this height', {
      blockNumber: parameters.blockNumber,
      finalHash: first.hash,
    })
  }
  return {
    status: 'final',
    blockNumber: parameters.blockNumber,
    blockHash: first.hash,
    receiptsRoot: first.receiptsRoot,
    stateRoot: first.stateRoot,
    provenBy: 'ancestry',
  }
}

/**
 * The relaymesh question: is execution block `blockNumber`/`blockHash`
 * final, and what are its receipts and state roots? Final when it is the
 * execution payload of a beacon header the store finalized (through a
 * supermajority-signed finality branch, or the bootstrap), or when
 * `ancestry` links it by parent hashes to one (every ancestor of a
 * finalized block is final). Blocks finalized only by a forced update stay
 * `pending`.
 *
 * @throws LightClientError `LC_EXECUTION_BLOCK_CONFLICT` when another block is final at that height
 * (the claimed block can never be final), or the ancestry is broken.
 * @example
 * const result = getFinalizedExecution(store, { blockNumber: 21925176, blockHash })
 * if (result.status === 'final') verifyFinalizedReceipt(result, { txIndex, proof })
 */
export function getFinalizedExecution(
  store: LightClientStore,
  parameters: GetFinalizedExecutionParameters,
): GetFinalizedExecutionReturnType {
  const trusted = store.finalizedExecutions.filter((entry) => entry.source !== 'forced')
  const latest = trusted[trusted.length - 1]
  if (latest === undefined || parameters.blockNumber > latest.blockNumber)
    return { status: 'pending', finalizedBlockNumber: latest?.blockNumber ?? null }
  // reason: latest.blockNumber >= blockNumber
  const anchor = trusted.find((entry) => entry.blockNumber >= parameters.blockNumber) as FinalizedExecution
  if (anchor.blockNumber === parameters.blockNumber) {
    if (lower(anchor.blockHash) !== lower(parameters.blockHash)) {
      throw conflict('A different block is final at this height', {
        blockNumber: anchor.blockNumber,
        finalHash: anchor.blockHash,
      })
    }
    return answer(anchor, 'checkpoint')
  }
  if (!parameters.ancestry)
    return { status: 'ancestry-required', anchor: { blockNumber: anchor.blockNumber, blockHash: anchor.blockHash } }
  return proveByAncestry(anchor, parameters, parameters.ancestry)
}
