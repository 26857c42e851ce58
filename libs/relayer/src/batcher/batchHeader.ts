import { hashStruct, type Address, type Hex, type TypedDataDomain } from 'viem'

/** PROTOCOL.md "Batch header and its signatures": the EIP-712 struct relayers sign. */
export type BatchHeader = {
  destination: number
  batchIndex: bigint
  root: Hex
  messageCount: number
  previousBatchHash: Hex
}

export const BATCH_HEADER_TYPES = {
  BatchHeader: [
    { name: 'destination', type: 'uint32' },
    { name: 'batchIndex', type: 'uint64' },
    { name: 'root', type: 'bytes32' },
    { name: 'messageCount', type: 'uint32' },
    { name: 'previousBatchHash', type: 'bytes32' },
  ],
} as const

export const ZERO_HASH: Hex = `0x${'0'.repeat(64)}`

/** The inbox a batch settles into: chain id and SettlementInbox address bind the EIP-712 domain. */
export type BatchDomain = { chainId: number; inbox: Address }

/** EIP-712 domain `{ name: "relaymesh", version: "1", chainId, verifyingContract: inbox }` (PROTOCOL.md). */
export function batchDomain(domain: BatchDomain): TypedDataDomain {
  return { name: 'relaymesh', version: '1', chainId: domain.chainId, verifyingContract: domain.inbox }
}

/**
 * The typed data a relayer signs for `header`, for `signTypedData` / `recoverTypedDataAddress`.
 *
 * @example
 * const signature = await account.signTypedData(batchTypedData(header, { chainId: 31356, inbox }))
 */
export function batchTypedData(header: BatchHeader, domain: BatchDomain) {
  return { domain: batchDomain(domain), types: BATCH_HEADER_TYPES, primaryType: 'BatchHeader' as const, message: header }
}

/**
 * `batchHash` = EIP-712 `hashStruct(header)` (PROTOCOL.md), the value the inbox stores per batch.
 *
 * @example
 * const batchHash = hashBatchHeader({ destination: 31356, batchIndex: 0n, root, messageCount: 4, previousBatchHash: ZERO_HASH })
 */
export function hashBatchHeader(header: BatchHeader): Hex {
  return hashStruct({ data: header, primaryType: 'BatchHeader', types: BATCH_HEADER_TYPES })
}
