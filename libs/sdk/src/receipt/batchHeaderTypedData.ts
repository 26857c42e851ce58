import { hashStruct, hashTypedData, type Address, type Hex } from 'viem'
import type { BatchHeaderView } from '../ApiTypes.js'

/**
 * The EIP-712 struct relayers sign (PROTOCOL.md "Batch header and its signatures").
 *
 * @example
 * const types = BATCH_HEADER_TYPES // { BatchHeader: [...] }
 */
export const BATCH_HEADER_TYPES = {
  BatchHeader: [
    { name: 'destination', type: 'uint32' },
    { name: 'batchIndex', type: 'uint64' },
    { name: 'root', type: 'bytes32' },
    { name: 'messageCount', type: 'uint32' },
    { name: 'previousBatchHash', type: 'bytes32' },
  ],
} as const

/**
 * The typed data of a batch header for `signTypedData` / `hashTypedData`: domain
 * `{ name: "relaymesh", version: "1", chainId, verifyingContract: inbox }`.
 *
 * @example
 * const signature = await relayer.signTypedData(batchHeaderTypedData(header, { chainId: 56, inbox }))
 */
export function batchHeaderTypedData(header: BatchHeaderView, domain: { chainId: number; inbox: Address }) {
  return {
    domain: { name: 'relaymesh', version: '1', chainId: domain.chainId, verifyingContract: domain.inbox },
    types: BATCH_HEADER_TYPES,
    primaryType: 'BatchHeader' as const,
    message: { ...header, batchIndex: BigInt(header.batchIndex) },
  }
}

/**
 * `batchHash` = EIP-712 `hashStruct(header)` (PROTOCOL.md), what the inbox stores per batch.
 *
 * @example
 * hashBatchHeader(receipt.batch.header) === receipt.batch.batchHash // true
 */
export function hashBatchHeader(header: BatchHeaderView): Hex {
  return hashStruct({ data: { ...header, batchIndex: BigInt(header.batchIndex) }, primaryType: 'BatchHeader', types: BATCH_HEADER_TYPES })
}

/**
 * The EIP-712 digest the relayers sign for `header` on the inbox `domain`.
 *
 * @example
 * const digest = batchHeaderDigest(header, { chainId: 56, inbox })
 */
export function batchHeaderDigest(header: BatchHeaderView, domain: { chainId: number; inbox: Address }): Hex {
  return hashTypedData(batchHeaderTypedData(header, domain))
}
