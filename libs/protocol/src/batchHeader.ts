import type { Hex } from './Hex.js'
import { bytesToHex } from './bytesToHex.js'
import { hexToBytes } from './hexToBytes.js'
import { keccak256 } from './keccak256.js'
import { ProtocolError } from './ProtocolError.js'

/** PROTOCOL.md "Batch header and its signatures": the EIP-712 struct relayers sign. */
export type BatchHeader = {
  destination: number
  batchIndex: bigint
  root: Hex
  messageCount: number
  previousBatchHash: Hex
}

/** The inbox a batch settles into: chain id and SettlementInbox address bind the EIP-712 domain. */
export type BatchDomain = { chainId: number; inbox: Hex }

/** The EIP-712 types of {@link BatchHeader}, as `signTypedData` / `recoverTypedDataAddress` take them. */
export const BATCH_HEADER_TYPES = {
  BatchHeader: [
    { name: 'destination', type: 'uint32' },
    { name: 'batchIndex', type: 'uint64' },
    { name: 'root', type: 'bytes32' },
    { name: 'messageCount', type: 'uint32' },
    { name: 'previousBatchHash', type: 'bytes32' },
  ],
} as const

const BATCH_HEADER_TYPEHASH = keccak256(
  new TextEncoder().encode(
    'BatchHeader(uint32 destination,uint64 batchIndex,bytes32 root,uint32 messageCount,bytes32 previousBatchHash)',
  ),
)

/**
 * The typed data a relayer signs for `header`: domain `{ name: "relaymesh",
 * version: "1", chainId, verifyingContract: inbox }`, primary type `BatchHeader`.
 *
 * @example
 * const signature = await account.signTypedData(batchTypedData(header, { chainId: 31356, inbox }))
 */
export function batchTypedData(header: BatchHeader, domain: BatchDomain) {
  return {
    domain: { name: 'relaymesh', version: '1', chainId: domain.chainId, verifyingContract: domain.inbox },
    types: BATCH_HEADER_TYPES,
    primaryType: 'BatchHeader' as const,
    message: header,
  }
}

/**
 * `batchHash` = EIP-712 `hashStruct(header)`: keccak256 of the type hash and the
 * five fields, each as a 32-byte word. The inbox stores it per batch and the
 * next batch carries it as `previousBatchHash`.
 *
 * @example
 * const batchHash = hashBatchHeader({
 *   destination: 31356,
 *   batchIndex: 0n,
 *   root,
 *   messageCount: 4,
 *   previousBatchHash: ZERO_HASH,
 * })
 */
export function hashBatchHeader(header: BatchHeader): Hex {
  const words = new Uint8Array(6 * 32)
  const view = new DataView(words.buffer)
  words.set(BATCH_HEADER_TYPEHASH, 0)
  view.setUint32(32 + 28, header.destination)
  view.setBigUint64(64 + 24, header.batchIndex)
  words.set(bytes32(header.root, 'root'), 96)
  view.setUint32(128 + 28, header.messageCount)
  words.set(bytes32(header.previousBatchHash, 'previousBatchHash'), 160)
  return bytesToHex(keccak256(words))
}

function bytes32(value: Hex, field: string): Uint8Array {
  const bytes = hexToBytes(value, field)
  if (bytes.length !== 32)
    throw new ProtocolError('HEX_INVALID', `${field} must be 32 bytes, got ${bytes.length}`, { meta: { field } })
  return bytes
}
