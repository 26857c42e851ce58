import type { Hex } from 'viem'

// The batch header, its EIP-712 types and hash live with the wire spec in @relaymesh/protocol.
export {
  BATCH_HEADER_TYPES,
  batchTypedData,
  hashBatchHeader,
  type BatchDomain,
  type BatchHeader,
} from '@relaymesh/protocol'

export const ZERO_HASH: Hex = `0x${'0'.repeat(64)}`
