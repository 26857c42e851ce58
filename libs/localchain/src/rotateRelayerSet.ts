import { getAddress, type Address, type Hex, type LocalAccount } from 'viem'
import { relayerSetUpdateTypedData } from '@relaymesh/protocol'
import type { Bridge } from './deployBridge.js'

export type RotateRelayerSetParameters = {
  /** Members of the current set that sign the update (at least its threshold; any order). */
  signers: readonly LocalAccount[]
  /** The new set (any order; sorted here as the inbox requires). */
  relayers: readonly Address[]
  threshold: number
  /** The new pauser; default the current one. */
  pauser?: Address | undefined
}

export type RotateRelayerSetReturnType = { version: number; proposeHash: Hex; applyHash: Hex }

const ascending = (a: Address, b: Address) => (BigInt(a) < BigInt(b) ? -1 : 1)

/**
 * Rotates a local inbox's relayer set the only way the inbox allows: the current quorum signs a
 * `RelayerSetUpdate`, it is proposed, anvil's clock is moved past the rotation delay, and it is
 * applied. For devnets and tests; a real rotation waits out the delay instead.
 *
 * @example
 * await rotateRelayerSet(bridge, { signers: oldRelayers.slice(0, 2), relayers: newSet, threshold: 2 })
 */
export async function rotateRelayerSet(
  bridge: Bridge,
  parameters: RotateRelayerSetParameters,
): Promise<RotateRelayerSetReturnType> {
  const { inbox, chain } = bridge
  const relayers = parameters.relayers.map((a) => getAddress(a)).sort(ascending)
  const pauser = parameters.pauser ?? (await inbox.read.pauser())
  const nonce = await inbox.read.rotationNonce()
  const typed = relayerSetUpdateTypedData(
    { nonce, relayers, threshold: parameters.threshold, pauser },
    { chainId: chain.chainId, inbox: bridge.addresses.inbox },
  )
  const signers = [...parameters.signers].sort((a, b) => ascending(a.address, b.address))
  const signatures = await Promise.all(signers.map((s) => s.signTypedData(typed)))
  const proposeHash = await inbox.write.proposeRelayerSet([relayers, parameters.threshold, pauser, signatures])
  await chain.publicClient.waitForTransactionReceipt({ hash: proposeHash })
  await chain.testClient.increaseTime({ seconds: Number(await inbox.read.rotationDelay()) })
  const applyHash = await inbox.write.applyRelayerSet()
  await chain.publicClient.waitForTransactionReceipt({ hash: applyHash })
  return { version: await inbox.read.relayerSetVersion(), proposeHash, applyHash }
}
