import type { Hex } from '@relaymesh/protocol'

/**
 * A BSC header as the Parlia light client uses it: the fields it checks,
 * plus the header's RLP items (to rebuild the seal hash without
 * re-encoding from JSON).
 */
export type ParliaHeader = {
  /** keccak256(rlp(header)): the block hash. */
  hash: Hex
  number: bigint
  parentHash: Hex
  miner: Hex
  difficulty: bigint
  receiptsRoot: Hex
  stateRoot: Hex
  timestamp: bigint
  extraData: Uint8Array
  /** The header's RLP items in order (15 base fields, then fork fields). */
  fields: readonly Uint8Array[]
}
