import type { Address, Hex } from 'viem'
import type { BatchHeader } from '../batch/batchHeader.js'

/** `submitBatch(header, ids, signatures)`. */
export type SubmitBatchArgs = readonly [BatchHeader, readonly Hex[], readonly Hex[]]
/** `submitAndExecute(header, packed messages, signatures)` (PROTOCOL.md "One-shot settlement"). */
export type SubmitAndExecuteArgs = readonly [BatchHeader, Hex, readonly Hex[]]
/** `execute(header, messages, leaf indices, multiproof)` (PROTOCOL.md "Multiproof"). */
export type ExecuteArgs = readonly [BatchHeader, readonly Hex[], readonly number[], readonly Hex[]]

/**
 * The destination's SettlementInbox as the settler reads it: its state, and gas estimates of the calls it sends
 * from the relayer's account. An estimate that reverts throws the node's error as viem reports it (`decodeRevert`
 * reads it). `createSettlerInbox` is the chain's; a test passes an in-memory one.
 */
export type SettlerInbox = {
  address: Address
  nextBatchIndex(): Promise<bigint>
  /** The hash the inbox stores at `batchIndex` (zero when it holds none). */
  batchHash(batchIndex: bigint): Promise<Hex>
  estimateSubmitBatch(args: SubmitBatchArgs): Promise<bigint>
  estimateSubmitAndExecute(args: SubmitAndExecuteArgs): Promise<bigint>
  estimateExecute(args: ExecuteArgs): Promise<bigint>
}
