/**
 * Governance: the relayer set rotates only by a quorum-signed update that takes effect after a
 * delay, and the pauser can pause and unpause, nothing else.
 */
import assert from 'node:assert/strict'
import { after, afterEach, before, beforeEach, describe, test } from 'node:test'
import { getAddress, keccak256, parseEventLogs, zeroAddress, type Address, type Hex, type LocalAccount } from 'viem'
import { rotateRelayerSet } from '@relaymesh/localchain'
import { settlementInboxAbi } from '../src/index.js'
import { multiproof, sortByAddress } from './support/batch.js'
import {
  assertRevert,
  createInboxFixture,
  nextHeader,
  noopMessages,
  sign,
  snapshots,
  submitMessages,
  waitOk,
  type InboxFixture,
} from './support/fixture.js'

let f: InboxFixture
const snap = snapshots(() => f.chain)
before(async () => {
  f = await createInboxFixture()
})
after(() => f.chain.stop())
beforeEach(() => snap.take())
afterEach(() => snap.restore())

const updateTypes = {
  RelayerSetUpdate: [
    { name: 'nonce', type: 'uint64' },
    { name: 'relayers', type: 'address[]' },
    { name: 'threshold', type: 'uint8' },
    { name: 'pauser', type: 'address' },
  ],
} as const

type Update = { relayers: Address[]; threshold: number; pauser: Address }

const ascending = (addresses: readonly Address[]) => [...addresses].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))

/** Signatures of `signers` (sorted by address) over the update for the inbox's next rotation nonce. */
async function signUpdate(update: Update, signers: readonly LocalAccount[], nonce?: bigint): Promise<Hex[]> {
  const message = { nonce: nonce ?? (await f.bridge.inbox.read.rotationNonce()), ...update }
  const domain = {
    name: 'relaymesh',
    version: '1',
    chainId: f.chain.chainId,
    verifyingContract: f.bridge.addresses.inbox,
  }
  return Promise.all(
    sortByAddress(signers).map((s) =>
      s.signTypedData({ domain, types: updateTypes, primaryType: 'RelayerSetUpdate', message }),
    ),
  )
}

function propose(update: Update, signatures: readonly Hex[]) {
  return f.bridge.inbox.write.proposeRelayerSet([update.relayers, update.threshold, update.pauser, [...signatures]])
}

function simulatePropose(update: Update, signatures: readonly Hex[]) {
  return f.bridge.inbox.simulate.proposeRelayerSet([update.relayers, update.threshold, update.pauser, [...signatures]])
}

const newSet = () => ({
  relayers: ascending(f.outsiders.slice(0, 3).map((a) => a.address)),
  threshold: 2,
  pauser: f.pauser.address,
})

async function idsOfNextBatch(count: number, firstNonce: bigint) {
  return noopMessages(f, count, firstNonce).map((m) => keccak256(m))
}

describe('relayer set rotation', () => {
  test('a quorum-signed set takes effect after the delay; the old set settles meanwhile, never after', async () => {
    const update = newSet()
    const delay = await f.bridge.inbox.read.rotationDelay()
    assert.equal(delay, 3600n)
    const receipt = await waitOk(f.chain, await propose(update, await signUpdate(update, f.relayers.slice(0, 3))))
    const [proposed] = parseEventLogs({ abi: settlementInboxAbi, logs: receipt.logs, eventName: 'RelayerSetProposed' })
    const block = await f.chain.publicClient.getBlock({ blockNumber: receipt.blockNumber })
    const eta = block.timestamp + delay
    assert.deepEqual(proposed?.args, { nonce: 0n, relayers: update.relayers, threshold: 2, pauser: update.pauser, eta })
    assert.deepEqual(await f.bridge.inbox.read.pendingRelayerSet(), [update.relayers, 2, update.pauser, eta])
    assert.equal(await f.bridge.inbox.read.rotationNonce(), 1n)
    // Too early: nothing changes, and a batch the old set signed still settles.
    await assertRevert(f.bridge.inbox.simulate.applyRelayerSet(), 'RotationNotReady')
    await submitMessages(f, noopMessages(f, 2))
    assert.equal(await f.bridge.inbox.read.relayerSetVersion(), 1)
    // After the delay anyone applies it.
    await f.chain.testClient.increaseTime({ seconds: Number(delay) })
    const applied = await waitOk(
      f.chain,
      await f.chain
        .walletClientFor(f.outsiders[3]!)
        .writeContract({ address: f.bridge.addresses.inbox, abi: settlementInboxAbi, functionName: 'applyRelayerSet' }),
    )
    const [updated] = parseEventLogs({ abi: settlementInboxAbi, logs: applied.logs, eventName: 'RelayerSetUpdated' })
    assert.deepEqual(updated?.args, { version: 2, relayers: update.relayers, threshold: 2 })
    assert.deepEqual(await f.bridge.inbox.read.relayers(), update.relayers)
    assert.equal(await f.bridge.inbox.read.threshold(), 2)
    assert.equal((await f.bridge.inbox.read.pendingRelayerSet())[3], 0n)
    await assertRevert(f.bridge.inbox.simulate.applyRelayerSet(), 'NoPendingRotation')
    // The old set signs nothing any more, the new one does.
    const ids = await idsOfNextBatch(3, 2n)
    const header = await nextHeader(f.bridge, ids)
    const old = sortByAddress(f.relayers.slice(0, 3))
    await assertRevert(
      f.bridge.inbox.simulate.submitBatch([header, ids, await sign(f.bridge, header, old)]),
      'UnknownSigner',
      [old[0]!.address],
    )
    await waitOk(
      f.chain,
      await f.bridge.inbox.write.submitBatch([header, ids, await sign(f.bridge, header, f.outsiders.slice(0, 2))]),
    )
  })

  test('proposals need a quorum of the current set and a valid majority set', async () => {
    const update = newSet()
    await assertRevert(
      simulatePropose(update, await signUpdate(update, f.relayers.slice(0, 2))),
      'InsufficientQuorum',
      [2n, 3n],
    )
    const outsiders = sortByAddress(f.outsiders.slice(0, 3))
    await assertRevert(simulatePropose(update, await signUpdate(update, outsiders)), 'UnknownSigner', [
      outsiders[0]!.address,
    ])
    // Signed for one set, proposed with another: the signatures recover to strangers.
    const other = { ...update, threshold: 3 }
    await assert.rejects(simulatePropose(other, await signUpdate(update, f.relayers.slice(0, 3))))
    const signers = f.relayers.slice(0, 3)
    const minority = { ...update, threshold: 1 }
    await assertRevert(simulatePropose(minority, await signUpdate(minority, signers)), 'InvalidThreshold', [1, 3n])
    const four = { ...update, relayers: ascending(f.outsiders.slice(0, 4).map((a) => a.address)), threshold: 2 }
    await assertRevert(simulatePropose(four, await signUpdate(four, signers)), 'InvalidThreshold', [2, 4n])
    const unsorted = { ...update, relayers: [...update.relayers].reverse() }
    await assertRevert(simulatePropose(unsorted, await signUpdate(unsorted, signers)), 'RelayersNotSorted', [
      unsorted.relayers[1],
      unsorted.relayers[0],
    ])
    const duplicate = { ...update, relayers: [update.relayers[0]!, update.relayers[0]!, update.relayers[1]!] }
    await assertRevert(simulatePropose(duplicate, await signUpdate(duplicate, signers)), 'DuplicateRelayer', [
      update.relayers[0],
    ])
    const zero = { ...update, relayers: [zeroAddress, ...update.relayers.slice(1)] }
    await assertRevert(simulatePropose(zero, await signUpdate(zero, signers)), 'ZeroAddress')
    const noPauser = { ...update, pauser: zeroAddress }
    await assertRevert(simulatePropose(noPauser, await signUpdate(noPauser, signers)), 'ZeroAddress')
  })

  test('a signed update is proposed once: replaying it after the nonce moved recovers nobody in the set', async () => {
    const update = newSet()
    const signatures = await signUpdate(update, f.relayers.slice(0, 3))
    await waitOk(f.chain, await propose(update, signatures))
    await assert.rejects(simulatePropose(update, signatures))
    // A newer proposal of the current quorum replaces the pending one and restarts the delay.
    const second = { ...update, relayers: ascending(f.outsiders.slice(1, 4).map((a) => a.address)) }
    await waitOk(f.chain, await propose(second, await signUpdate(second, f.relayers.slice(2, 5))))
    assert.deepEqual((await f.bridge.inbox.read.pendingRelayerSet())[0], second.relayers)
    assert.equal(await f.bridge.inbox.read.rotationNonce(), 2n)
  })

  test('rotateRelayerSet (localchain) rotates a devnet inbox in one call', async () => {
    const next = f.outsiders.slice(0, 3).map((a) => a.address)
    const { version } = await rotateRelayerSet(f.bridge, {
      signers: f.relayers.slice(0, 3),
      relayers: next,
      threshold: 2,
    })
    assert.equal(version, 2)
    assert.deepEqual(await f.bridge.inbox.read.relayers(), ascending(next.map((a) => getAddress(a))))
  })
})

describe('pause role', () => {
  test('only the pauser pauses and unpauses; a pause stops settlement and execution', async () => {
    const stranger = f.outsiders[0]!
    const relayer = f.relayers[0]!
    await assertRevert(f.bridge.inbox.simulate.pause({ account: stranger }), 'NotPauser', [stranger.address])
    await assertRevert(f.bridge.inbox.simulate.pause({ account: relayer }), 'NotPauser', [relayer.address])
    const messages = noopMessages(f, 2)
    const { header, ids } = await submitMessages(f, messages)
    await waitOk(f.chain, await f.bridge.inbox.write.pause({ account: f.pauser }))
    assert.equal(await f.bridge.inbox.read.paused(), true)
    await assertRevert(f.bridge.inbox.simulate.execute([header, messages, [0, 1], multiproof(ids, [0, 1])]), 'Paused')
    const next = await idsOfNextBatch(2, 2n)
    const nextHeaderValue = await nextHeader(f.bridge, next)
    await assertRevert(
      f.bridge.inbox.simulate.submitBatch([
        nextHeaderValue,
        next,
        await sign(f.bridge, nextHeaderValue, f.relayers.slice(0, 3)),
      ]),
      'Paused',
    )
    await assertRevert(f.bridge.inbox.simulate.unpause({ account: relayer }), 'NotPauser', [relayer.address])
    await waitOk(f.chain, await f.bridge.inbox.write.unpause({ account: f.pauser }))
    await waitOk(f.chain, await f.bridge.inbox.write.execute([header, messages, [0, 1], multiproof(ids, [0, 1])]))
  })

  test('the pauser cannot rotate; the quorum replaces a pauser that keeps the inbox paused', async () => {
    // The pauser has no rotation power: its own signature is not a relayer's.
    const update = { ...newSet(), pauser: f.outsiders[3]!.address }
    await assertRevert(simulatePropose(update, await signUpdate(update, [f.pauser])), 'InsufficientQuorum', [1n, 3n])
    await waitOk(f.chain, await f.bridge.inbox.write.pause({ account: f.pauser }))
    // Rotation works while paused, and names a new pauser.
    const keep = {
      relayers: ascending(f.relayers.map((r) => r.address)),
      threshold: 3,
      pauser: f.outsiders[3]!.address,
    }
    await rotateRelayerSet(f.bridge, {
      signers: f.relayers.slice(0, 3),
      relayers: keep.relayers,
      threshold: 3,
      pauser: keep.pauser,
    })
    assert.equal(await f.bridge.inbox.read.pauser(), keep.pauser)
    await assertRevert(f.bridge.inbox.simulate.unpause({ account: f.pauser }), 'NotPauser', [f.pauser.address])
    await waitOk(
      f.chain,
      await f.chain
        .walletClientFor(f.outsiders[3]!)
        .writeContract({ address: f.bridge.addresses.inbox, abi: settlementInboxAbi, functionName: 'unpause' }),
    )
    assert.equal(await f.bridge.inbox.read.paused(), false)
    // The members stayed, so their batches settle under the new version.
    await submitMessages(f, noopMessages(f, 1))
  })
})
