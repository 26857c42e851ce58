import type { StoreDb } from './createDb.js'
import { packFixed } from './bulk/packFixed.js'
import { runTransition, type TransitionMessagesReturnType } from './transitionMessages.js'

export type MarkMessagesExecutedParameters = {
  ids: readonly Uint8Array[]
  /** The destination tx that executed them. */
  executionTxHash: Uint8Array
}

/**
 * Marks messages executed (from `settled` or `failed`), records the execution
 * tx and counts the attempt. Ids already executed come back in `unmoved`.
 *
 * @example
 * await markMessagesExecuted(db, { ids: executedIds, executionTxHash: receipt.transactionHash })
 */
export function markMessagesExecuted(
  db: StoreDb,
  parameters: MarkMessagesExecutedParameters,
): Promise<TransitionMessagesReturnType> {
  return runTransition(
    db.$client,
    { ids: parameters.ids, to: 'executed' },
    {
      set: 'execution_tx_hash = $4, attempts = m.attempts + 1, reason_code = NULL',
      params: [packFixed([parameters.executionTxHash], 32, 'execution tx hash')],
    },
  )
}
