import type { BatchState } from '@relaymesh/store'
import type { Hex } from 'viem'

/** What the proposer knows of one co-signature before checking it. */
export type CollectState = {
  /** This relayer is the configured proposer of the signature's destination. */
  proposing: boolean
  /** The signature is this relayer's own (its proposal's signature is stored with the batch). */
  fromSelf: boolean
  /** The batch this relayer holds at the signature's index, null if none, undefined before it is read. */
  batch?: { batchHash: Hex; state: BatchState } | null | undefined
  /** The batch hash the signature is over. */
  batchHash: Hex
}

/**
 * `read`: read the batch at the signature's index first. `check`: verify the signature and keep it. `skip`: it
 * changes nothing: not this relayer's destination, its own signature, or a batch this relayer replaced (another hash
 * at that index) or that already moved past co-signing.
 *
 * @example
 * decideCollect({ proposing: true, fromSelf: false, batch: null, batchHash: '0x01' }) // 'skip'
 */
export function decideCollect(state: CollectState): 'read' | 'check' | 'skip' {
  if (!state.proposing || state.fromSelf) return 'skip'
  const { batch } = state
  if (batch === undefined) return 'read'
  if (!batch || batch.batchHash !== state.batchHash) return 'skip'
  return batch.state === 'proposed' || batch.state === 'signed' ? 'check' : 'skip'
}
