import { StoreError } from './StoreError.js'

export const OUTGOING_TX_KINDS = ['submitBatch', 'execute'] as const
export type OutgoingTxKind = (typeof OUTGOING_TX_KINDS)[number]

export const OUTGOING_TX_STATES = ['signed', 'sent', 'mined', 'failed', 'replaced'] as const
export type OutgoingTxState = (typeof OUTGOING_TX_STATES)[number]

/**
 * Outgoing tx lifecycle. `signed` is persisted before broadcast; `signed -> mined`
 * covers a tx the node got and mined while its sender crashed before booking it
 * `sent`; `mined -> sent` covers a reorg that drops the tx back to the mempool;
 * `replaced -> mined` covers a replaced version that was mined after all.
 */
export const OUTGOING_TX_TRANSITIONS: Readonly<Record<OutgoingTxState, readonly OutgoingTxState[]>> = {
  signed: ['sent', 'mined', 'failed', 'replaced'],
  sent: ['mined', 'failed', 'replaced'],
  mined: ['sent'],
  failed: [],
  // A replaced version can still be the one a block includes (the bump raced the miner).
  replaced: ['mined', 'failed'],
}

/** The states an outgoing tx may move to `to` from. */
export function allowedOutgoingTxFromStates(to: OutgoingTxState): OutgoingTxState[] {
  return OUTGOING_TX_STATES.filter((from) => OUTGOING_TX_TRANSITIONS[from].includes(to))
}

/** Throws `StoreError` `ILLEGAL_TRANSITION` unless the tx may move `from -> to`. */
export function assertOutgoingTxTransition(from: OutgoingTxState, to: OutgoingTxState): void {
  if (OUTGOING_TX_TRANSITIONS[from].includes(to)) return
  throw new StoreError('ILLEGAL_TRANSITION', `outgoing tx cannot move from ${from} to ${to}`, { meta: { from, to } })
}
