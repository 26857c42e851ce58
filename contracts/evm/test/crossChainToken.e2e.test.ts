import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { decodeErrorResult, keccak256, pad, parseEther, parseEventLogs, type Hex } from 'viem'
import { deployBridge, linkBridges, startLocalChains, type Bridge, type LocalChains } from '@relaymesh/localchain'
import { crossChainTokenAbi, outboxAbi, settlementInboxAbi } from '../src/index.js'
import { encodeMessage, merkleRoot, multiproof, signBatch, type BatchHeader } from './support/batch.js'
import { assertRevert, waitOk } from './support/fixture.js'

let chains: LocalChains
let eth: Bridge
let bsc: Bridge
before(async () => {
  chains = await startLocalChains()
  const accounts = chains.ethereum.accounts
  const options = { relayers: accounts.slice(1, 6).map((a) => a.address), threshold: 3, guardian: accounts[0]!.address }
  ;[eth, bsc] = await Promise.all([deployBridge(chains.ethereum, options), deployBridge(chains.bsc, options)])
  await linkBridges(eth, bsc)
})
after(() => chains.stop())

/** What a relayer does for one destination: settle the messages as the next batch, then execute them all. */
async function relay(to: Bridge, messages: readonly Hex[]) {
  const ids = messages.map((m) => keccak256(m))
  const header: BatchHeader = {
    destination: to.domain,
    batchIndex: await to.inbox.read.nextBatchIndex(),
    root: merkleRoot(ids),
    messageCount: ids.length,
    previousBatchHash: await to.inbox.read.lastBatchHash(),
  }
  const signers = chains.ethereum.accounts.slice(2, 5)
  const signatures = await signBatch(header, signers, { chainId: to.chain.chainId, verifyingContract: to.addresses.inbox })
  await waitOk(to.chain, await to.inbox.write.submitBatch([header, ids, signatures]))
  const indices = ids.map((_, i) => i)
  const receipt = await waitOk(to.chain, await to.inbox.write.execute([header, [...messages], indices, multiproof(ids, indices)]))
  return parseEventLogs({ abi: settlementInboxAbi, logs: receipt.logs })
}

describe('CrossChainToken', () => {
  test('end to end: burn on Ethereum, batch on BSC, execute, minted on BSC', async () => {
    const alice = chains.ethereum.accounts[0]!
    const bob = chains.bsc.accounts[7]!
    const amount = parseEther('12.5')
    const supplyBefore = await eth.token.read.totalSupply()
    const receipt = await waitOk(chains.ethereum, await eth.token.write.transferRemote([bsc.domain, pad(bob.address), amount]))
    const dispatches = parseEventLogs({ abi: outboxAbi, logs: receipt.logs, eventName: 'Dispatch' })
    assert.equal(dispatches.length, 1)
    const message = dispatches[0]!.args.message
    assert.equal(await eth.token.read.totalSupply(), supplyBefore - amount)
    assert.equal(await eth.token.read.balanceOf([alice.address]), supplyBefore - amount)
    const events = await relay(bsc, [message])
    assert.deepEqual(events.map((e) => e.eventName), ['MessageExecuted'])
    assert.equal(await bsc.token.read.balanceOf([bob.address]), amount)
    assert.equal(await bsc.token.read.totalSupply(), supplyBefore + amount)
    // And back: Bob sends half to Alice on Ethereum.
    const back = await waitOk(chains.bsc, await chains.bsc.walletClientFor(bob).writeContract({
      address: bsc.addresses.token, abi: crossChainTokenAbi, functionName: 'transferRemote', args: [eth.domain, pad(alice.address), amount / 2n],
    }))
    const [returned] = parseEventLogs({ abi: outboxAbi, logs: back.logs, eventName: 'Dispatch' })
    await relay(eth, [returned!.args.message])
    assert.equal(await eth.token.read.balanceOf([alice.address]), supplyBefore - amount / 2n)
  })

  test('handle only from the inbox (NotInbox)', async () => {
    await assertRevert(bsc.token.simulate.handle([eth.domain, pad(eth.addresses.token), '0x'], { account: chains.bsc.accounts[0] }), 'NotInbox', [chains.bsc.accounts[0]!.address])
  })

  test('a message from a contract that is not the enrolled router fails with UnknownRouter and mints nothing', async () => {
    const forger = chains.ethereum.accounts[8]!
    const payload = `0x${pad(forger.address).slice(2)}${pad('0x56bc75e2d63100000').slice(2)}` as Hex // reason: template of hex digits
    // The forger dispatches through the real Outbox: the message is genuine, only its sender is wrong.
    // (A hand-made message reusing an executed nonce would now stop at MessageAlreadyExecuted instead.)
    const sent = await waitOk(chains.ethereum, await chains.ethereum.walletClientFor(forger).writeContract({
      address: eth.addresses.outbox, abi: outboxAbi, functionName: 'dispatch', args: [bsc.domain, pad(bsc.addresses.token), payload],
    }))
    const [dispatch] = parseEventLogs({ abi: outboxAbi, logs: sent.logs, eventName: 'Dispatch' })
    const message = dispatch!.args.message
    assert.equal(message, encodeMessage({ nonce: dispatch!.args.nonce, origin: eth.domain, sender: pad(forger.address), destination: bsc.domain, recipient: pad(bsc.addresses.token), payload }))
    const events = await relay(bsc, [message])
    assert.equal(events.length, 1)
    const failed = events[0]!
    assert.equal(failed.eventName, 'MessageFailed')
    const reason = decodeErrorResult({ abi: crossChainTokenAbi, data: (failed.args as { reason: Hex }).reason })
    assert.equal(reason.errorName, 'UnknownRouter')
    assert.equal(await bsc.token.read.balanceOf([forger.address]), 0n)
  })

  test('transferRemote to a domain without a router (NoRouter) and beyond the balance (InsufficientBalance)', async () => {
    await assertRevert(eth.token.simulate.transferRemote([56, pad('0x01'), 1n], { account: chains.ethereum.accounts[0] }), 'NoRouter', [56])
    const poor = chains.ethereum.accounts[9]!
    await assertRevert(eth.token.simulate.transferRemote([bsc.domain, pad('0x01'), 1n], { account: poor }), 'InsufficientBalance', [poor.address, 0n, 1n])
  })
})
