/**
 * What the settler does with the destination's lowest `signed` batch, from the inbox's `nextBatchIndex`:
 * `submit` it (the inbox expects exactly it); `reconcile`: the inbox is already past its index (ours if the stored
 * hash is ours, otherwise the batch can never settle); `wait`: the inbox is still short of it (a lower batch is
 * in flight or not yet signed), so nothing is sent out of order.
 */
export type SubmitDecision = 'submit' | 'reconcile' | 'wait'

/**
 * @example
 * decideSubmit({ batchIndex: 7n, nextBatchIndex: 8n }) // 'reconcile'
 */
export function decideSubmit(state: { batchIndex: bigint; nextBatchIndex: bigint }): SubmitDecision {
  if (state.nextBatchIndex > state.batchIndex) return 'reconcile'
  if (state.nextBatchIndex < state.batchIndex) return 'wait'
  return 'submit'
}
