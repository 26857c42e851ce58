import { batchTypedData, hashBatchHeader as hashBatchHeaderOf, type BatchHeader } from '@relaymesh/protocol'
import { hashTypedData, type Address, type Hex } from 'viem'
import type { BatchHeaderView } from '../ApiTypes.js'

export { BATCH_HEADER_TYPES } from '@relaymesh/protocol'

/**
 * The typed data of a batch header for `signTypedData` / `hashTypedData`: domain
 * `{ name: "relaymesh", version: "1", chainId, verifyingContract: inbox }`.
 *
 * @example
 * const signature = await relayer.signTypedData(batchHeaderTypedData(header, { chainId: 56, inbox }))
 */
export function batchHeaderTypedData(header: BatchHeaderView, domain: { chainId: number; inbox: Address }) {
  return batchTypedData(toBatchHeader(header), domain)
}

/**
 * `batchHash` = EIP-712 `hashStruct(header)` (PROTOCOL.md), what the inbox stores per batch.
 *
 * @example
 * hashBatchHeader(receipt.batch.header) === receipt.batch.batchHash // true
 */
export function hashBatchHeader(header: BatchHeaderView): Hex {
  return hashBatchHeaderOf(toBatchHeader(header))
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

/** The API's header view (decimal-string batch index) as the protocol's header. */
function toBatchHeader(header: BatchHeaderView): BatchHeader {
  return { ...header, batchIndex: BigInt(header.batchIndex) }
}
