import { ReceiptProofError, verifyReceiptProof } from '@relaymesh/receipt-proof'
import { LightClientError } from '../LightClientError.js'
import type { FinalExecution } from './getFinalizedExecution.js'

export type VerifyFinalizedReceiptParameters = { txIndex: number; proof: readonly Uint8Array[] }

/**
 * The last check of a light-client proven message: a receipt must sit under the receipts root
 * of a block the light client proved final. Returns the receipt's
 * consensus bytes (for `extractOutboxLogs`).
 *
 * @throws LightClientError `LC_RECEIPT_NOT_UNDER_FINALIZED_ROOT` (the
 * receipt-proof error is its `cause`, its code in `meta.proofCode`).
 * @example
 * const final = getFinalizedExecution(store, { blockNumber, blockHash })
 * if (final.status === 'final') {
 *   const receipt = verifyFinalizedReceipt(final, { txIndex, proof })
 * }
 */
export function verifyFinalizedReceipt(
  finalized: FinalExecution,
  parameters: VerifyFinalizedReceiptParameters,
): Uint8Array {
  try {
    return verifyReceiptProof({
      receiptsRoot: finalized.receiptsRoot,
      txIndex: parameters.txIndex,
      proof: parameters.proof,
    })
  } catch (error) {
    if (!(error instanceof ReceiptProofError)) throw error
    throw new LightClientError('Receipt is not under the finalized receipts root', {
      code: 'LC_RECEIPT_NOT_UNDER_FINALIZED_ROOT',
      meta: {
        blockNumber: finalized.blockNumber,
        blockHash: finalized.blockHash,
        txIndex: parameters.txIndex,
        proofCode: error.code,
      },
      cause: error,
    })
  }
}
