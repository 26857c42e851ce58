import type { OutgoingTxKind } from '@relaymesh/store'
import type { Address, Hex, TransactionReceipt } from 'viem'

/** One tx for the manager to sign, persist, broadcast and see mined. */
export type TxRequest = {
  kind: OutgoingTxKind
  batchIndex: bigint
  leafFrom?: number | undefined
  leafTo?: number | undefined
  to: Address
  data: Hex
  gas: bigint
}

/** A mined tx: the version that won, its receipt, and its stored row. */
export type TxResult = { txHash: Hex; receipt: TransactionReceipt; row: bigint }
