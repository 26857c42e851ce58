import type { Hex } from './Hex.js'
import type { BatchDomain } from './batchHeader.js'

/**
 * PROTOCOL.md "Relayer set rotation": what a quorum of the current relayer set signs to
 * propose a new set. `nonce` is the inbox's `rotationNonce`; `relayers` strictly ascending.
 */
export type RelayerSetUpdate = {
  nonce: bigint
  relayers: readonly Hex[]
  threshold: number
  pauser: Hex
}

/** The EIP-712 types of {@link RelayerSetUpdate}, as `signTypedData` takes them. */
export const RELAYER_SET_UPDATE_TYPES = {
  RelayerSetUpdate: [
    { name: 'nonce', type: 'uint64' },
    { name: 'relayers', type: 'address[]' },
    { name: 'threshold', type: 'uint8' },
    { name: 'pauser', type: 'address' },
  ],
} as const

/**
 * The typed data a relayer signs for `update`: the batch headers' EIP-712 domain (same inbox),
 * primary type `RelayerSetUpdate`.
 *
 * @example
 * const nonce = await inbox.read.rotationNonce()
 * const signature = await account.signTypedData(
 *   relayerSetUpdateTypedData({ nonce, relayers, threshold: 2, pauser }, { chainId: 31356, inbox }),
 * )
 */
export function relayerSetUpdateTypedData(update: RelayerSetUpdate, domain: BatchDomain) {
  return {
    domain: { name: 'relaymesh', version: '1', chainId: domain.chainId, verifyingContract: domain.inbox },
    types: RELAYER_SET_UPDATE_TYPES,
    primaryType: 'RelayerSetUpdate' as const,
    message: update,
  }
}
