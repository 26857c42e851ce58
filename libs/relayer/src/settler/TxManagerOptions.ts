import type { Hex } from 'viem'

export type TxManagerOptions = {
  /** Blocks a receipt needs (the chain's `txConfirmations`; 0 counts as 1). */
  confirmations: number
  /** Not mined after this long: re-sign with the same nonce and fees bumped (at least +12.5%). */
  bumpAfterMs: number
  pollMs: number
  /**
   * The chain must show the tx's nonce taken, with no receipt for any of its versions, for this long before the tx
   * is given up as `TX_NONCE_CONFLICT`: a node's account state runs ahead of its receipt index, and a mined tx
   * must never be booked as failed.
   */
  nonceConflictGraceMs: number
  /**
   * How often a tx without a receipt is looked up in the node: one it no longer holds (dropped from the pool, a
   * node restarted without it) goes out again with the same bytes; one above a gap nothing fills is given up
   * (`TX_NONCE_GAP`, after `nonceConflictGraceMs`).
   */
  lookEveryMs: number
  /** Test hook: runs after the signed tx is persisted and before it is broadcast (a throw simulates a crash there). */
  afterPersist?: ((tx: { id: bigint; txHash: Hex }) => Promise<void>) | undefined
}

export const defaultTxManagerOptions = {
  bumpAfterMs: 30_000,
  pollMs: 250,
  nonceConflictGraceMs: 5_000,
  lookEveryMs: 2_000,
} as const
