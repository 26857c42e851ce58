import type { Address, Hex } from 'viem'

/** A co-signer's signature on `mesh.signatures.<dest>.<relayer>`. */
export type BatchSignature = {
  destination: number
  batchIndex: bigint
  batchHash: Hex
  signer: Address
  signature: Hex
}
