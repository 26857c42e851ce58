/**
 * Execution-layer block header types and the canonical field order
 * (Yellow Paper 4.3, then each fork appends: EIP-1559 London baseFeePerGas,
 * EIP-4895 Shanghai withdrawalsRoot, EIP-4844 and EIP-4788 Cancun
 * blobGasUsed, excessBlobGas, parentBeaconBlockRoot, EIP-7685 Prague
 * requestsHash). BSC (Parlia) headers use the same list: the seal and the
 * validator votes live in extraData and mixHash carries the milliseconds
 * timestamp part, so the same encoder hashes them.
 */
import type { Hex } from './hex.js'

/** How a field is encoded: fixed-length bytes, a minimal big-endian integer, or free bytes. */
export type HeaderFieldKind = 'hash' | 'address' | 'bloom' | 'nonce' | 'quantity' | 'bytes'

/** The 15 fields every header has, in RLP order. */
export const BASE_HEADER_FIELDS = [
  ['parentHash', 'hash'],
  ['sha3Uncles', 'hash'],
  ['miner', 'address'],
  ['stateRoot', 'hash'],
  ['transactionsRoot', 'hash'],
  ['receiptsRoot', 'hash'],
  ['logsBloom', 'bloom'],
  ['difficulty', 'quantity'],
  ['number', 'quantity'],
  ['gasLimit', 'quantity'],
  ['gasUsed', 'quantity'],
  ['timestamp', 'quantity'],
  ['extraData', 'bytes'],
  ['mixHash', 'hash'],
  ['nonce', 'nonce'],
] as const satisfies readonly (readonly [string, HeaderFieldKind])[]

/** Fork fields, in RLP order; a header carries a prefix of this list (present-field driven). */
export const FORK_HEADER_FIELDS = [
  ['baseFeePerGas', 'quantity'], // London, EIP-1559
  ['withdrawalsRoot', 'hash'], // Shanghai, EIP-4895
  ['blobGasUsed', 'quantity'], // Cancun, EIP-4844
  ['excessBlobGas', 'quantity'], // Cancun, EIP-4844
  ['parentBeaconBlockRoot', 'hash'], // Cancun, EIP-4788
  ['requestsHash', 'hash'], // Prague, EIP-7685
] as const satisfies readonly (readonly [string, HeaderFieldKind])[]

export const HEADER_FIELDS = [...BASE_HEADER_FIELDS, ...FORK_HEADER_FIELDS] as const

export const FIXED_LENGTHS: Partial<Record<HeaderFieldKind, number>> = { hash: 32, address: 20, bloom: 256, nonce: 8 }

type BaseFieldName = (typeof BASE_HEADER_FIELDS)[number][0]
type ForkFieldName = (typeof FORK_HEADER_FIELDS)[number][0]

/**
 * A header as returned by `eth_getBlockByNumber` (hex strings). Other keys
 * (`hash`, `size`, `transactions`, `totalDifficulty`...) are ignored; a fork
 * field set to `null` counts as absent.
 */
export type RpcBlockHeader = { readonly [K in BaseFieldName]: Hex } & {
  readonly [K in ForkFieldName]?: Hex | null | undefined
}

/** A decoded header: hashes and byte fields as hex, integers as bigint. */
export type BlockHeader = {
  /** keccak256 of the RLP the header was decoded from. */
  hash: Hex
  parentHash: Hex
  sha3Uncles: Hex
  miner: Hex
  stateRoot: Hex
  transactionsRoot: Hex
  receiptsRoot: Hex
  logsBloom: Hex
  difficulty: bigint
  number: bigint
  gasLimit: bigint
  gasUsed: bigint
  timestamp: bigint
  extraData: Hex
  mixHash: Hex
  nonce: Hex
  baseFeePerGas?: bigint
  withdrawalsRoot?: Hex
  blobGasUsed?: bigint
  excessBlobGas?: bigint
  parentBeaconBlockRoot?: Hex
  requestsHash?: Hex
}
