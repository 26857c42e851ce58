import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { deployBridge, rotateRelayerSet, startAnvil, type AnvilInstance, type Bridge } from '@relaymesh/localchain'
import { relayerSetUpdateTypedData } from '@relaymesh/protocol'
import { apiChainsFromContext } from './ApiChains.js'
import type { RelayerContext } from '../context/createRelayerContext.js'

let chain: AnvilInstance
let bridge: Bridge
before(async () => {
  chain = await startAnvil({ chainId: 31356, name: 'BSC (local)' })
  const [pauser, a, b, c] = chain.accounts
  bridge = await deployBridge(chain, {
    relayers: [a!.address, b!.address, c!.address],
    threshold: 2,
    pauser: pauser!.address,
  })
})
after(() => chain.stop())

function apiChains() {
  const config = { domain: bridge.domain, name: 'bsc-local', inbox: bridge.addresses.inbox }
  // reason: the chain reads use only the config's domain, name and inbox, and the public client
  const chains = new Map([
    [bridge.domain, { config, client: chain.publicClient }],
  ]) as unknown as RelayerContext['chains']
  return apiChainsFromContext({ chains, account: chain.accounts[0]! })
}

test('readRelayerSet reports the pause state, the pauser and a proposed rotation until it is applied', async () => {
  const [pauser, a, b, c, d] = chain.accounts
  const read = () => apiChains().readRelayerSet(bridge.domain)
  const initial = await read()
  assert.deepEqual(
    [initial.threshold, initial.relayers.length, initial.paused, initial.pauser, initial.pendingRotation],
    [2, 3, false, pauser!.address, null],
  )
  // Propose (the current quorum signs), not yet applied: operators see it with its eta.
  const next = [c!.address, d!.address].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1))
  const typed = relayerSetUpdateTypedData(
    { nonce: 0n, relayers: next, threshold: 2, pauser: pauser!.address },
    { chainId: chain.chainId, inbox: bridge.addresses.inbox },
  )
  const signers = [a!, b!].sort((x, y) => (BigInt(x.address) < BigInt(y.address) ? -1 : 1))
  const signatures = await Promise.all(signers.map((s) => s.signTypedData(typed)))
  const hash = await bridge.inbox.write.proposeRelayerSet([next, 2, pauser!.address, signatures])
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash })
  const { timestamp } = await chain.publicClient.getBlock({ blockNumber: receipt.blockNumber })
  const pending = await read()
  assert.deepEqual(pending.pendingRotation, {
    relayers: next,
    threshold: 2,
    pauser: pauser!.address,
    eta: Number(timestamp) + 3600,
  })
  assert.equal(pending.relayers.length, 3)
  await chain.publicClient.waitForTransactionReceipt({ hash: await bridge.inbox.write.pause() })
  assert.equal((await read()).paused, true)
  // Applied (by the localchain helper, after a second proposal by the same quorum): no pending rotation left.
  await rotateRelayerSet(bridge, { signers: [a!, b!], relayers: next, threshold: 2 })
  const applied = await read()
  assert.deepEqual([applied.relayers, applied.pendingRotation], [next, null])
})
