import type { BatchState } from '@relaymesh/store'
import type { Hex } from 'viem'

/**
 * A stored batch as the relayer handles it. Its hashes are hex: they are what the EIP-712 batch header is signed
 * over and what the inbox's events carry, and they are compared with those as they are.
 */
export type BatchRow = {
  batchIndex: bigint
  batchHash: Hex
  root: Hex
  messageCount: number
  previousBatchHash: Hex
  state: BatchState
  traceparent: string | null
  createdAt: Date
}
