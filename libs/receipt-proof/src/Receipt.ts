/**
 * Transaction receipt types: the `eth_getBlockReceipts` JSON subset the
 * encoder needs, and the decoded consensus form (EIP-2718 envelope around
 * `rlp([status, cumulativeGasUsed, logsBloom, logs])`, Yellow Paper 4.3.1).
 */
import type { Hex } from './hex.js'

/** A log as returned in a JSON-RPC receipt; other keys (`logIndex`, `blockHash`...) are ignored. */
export type RpcLog = {
  readonly address: Hex
  readonly topics: readonly Hex[]
  readonly data: Hex
}

/**
 * A receipt as returned by `eth_getBlockReceipts` / `eth_getTransactionReceipt`.
 * `type` absent means legacy. Post-Byzantium receipts carry `status`,
 * earlier ones a state `root` (EIP-658).
 */
export type RpcReceipt = {
  readonly type?: Hex | undefined
  readonly status?: Hex | null | undefined
  readonly root?: Hex | null | undefined
  readonly cumulativeGasUsed: Hex
  readonly logsBloom: Hex
  readonly logs: readonly RpcLog[]
}

/** A log decoded from receipt bytes. `address` and `topics` are lowercase hex. */
export type ReceiptLog = {
  address: Hex
  topics: Hex[]
  data: Uint8Array
}

/** A receipt decoded from its consensus (trie leaf) bytes. */
export type Receipt = {
  /** EIP-2718 type: 0 legacy, 1 access list, 2 EIP-1559, 3 blob, 4 set-code. */
  type: number
  /** 1 success, 0 failure; absent on pre-Byzantium receipts, which carry `root`. */
  status?: 0 | 1
  root?: Hex
  cumulativeGasUsed: bigint
  logsBloom: Uint8Array
  logs: ReceiptLog[]
}

/** Typed receipts this package encodes and decodes (EIP-2930, EIP-1559, EIP-4844, EIP-7702). */
export const RECEIPT_TYPES: readonly number[] = [1, 2, 3, 4]
