import assert from 'node:assert/strict'
import { after, afterEach, before, beforeEach, describe, test } from 'node:test'
import { decodeErrorResult, keccak256, pad, parseEther, parseEventLogs, zeroAddress, type Hex } from 'viem'
import { deployBridge, linkBridges, startLocalChains, type Bridge, type LocalChains } from '@relaymesh/localchain'
import { crossChainTokenAbi, outboxAbi, settlementInboxAbi } from '../src/index.js'
import { encodeMessage, merkleRoot, multiproof, signBatch, zeroHash, type BatchHeader } from './support/batch.js'
import { assertRevert, waitOk } from './support/fixture.js'

let chains: LocalChains
let eth: Bridge
let bsc: Bridge
before(async () => {
  chains = await startLocalChains()
  const accounts = chains.ethereum.accounts
  const options = { relayers: accounts.slice(1, 6).map((a) => a.address), threshold: 3, pauser: accounts[0]!.address }
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
  const signatures = await signBatch(header, signers, {
    chainId: to.chain.chainId,
    verifyingContract: to.addresses.inbox,
  })
  await waitOk(to.chain, await to.inbox.write.submitBatch([header, ids, signatures]))
  const indices = ids.map((_, i) => i)
  const receipt = await waitOk(
    to.chain,
    await to.inbox.write.execute([header, [...messages], indices, multiproof(ids, indices)]),
  )
  return parseEventLogs({ abi: settlementInboxAbi, logs: receipt.logs })
}

describe('CrossChainToken', () => {
  test('end to end: burn on Ethereum, batch on BSC, execute, minted on BSC', async () => {
    const alice = chains.ethereum.accounts[0]!
    const bob = chains.bsc.accounts[7]!
    const amount = parseEther('12.5')
    const supplyBefore = await eth.token.read.totalSupply()
    const receipt = await waitOk(
      chains.ethereum,
      await eth.token.write.transferRemote([bsc.domain, pad(bob.address), amount]),
    )
    const dispatches = parseEventLogs({ abi: outboxAbi, logs: receipt.logs, eventName: 'Dispatch' })
    assert.equal(dispatches.length, 1)
    const message = dispatches[0]!.args.message
    assert.equal(await eth.token.read.totalSupply(), supplyBefore - amount)
    assert.equal(await eth.token.read.balanceOf([alice.address]), supplyBefore - amount)
    const events = await relay(bsc, [message])
    assert.deepEqual(
      events.map((e) => e.eventName),
      ['MessageExecuted'],
    )
    assert.equal(await bsc.token.read.balanceOf([bob.address]), amount)
    assert.equal(await bsc.token.read.totalSupply(), supplyBefore + amount)
    // And back: Bob sends half to Alice on Ethereum.
    const back = await waitOk(
      chains.bsc,
      await chains.bsc.walletClientFor(bob).writeContract({
        address: bsc.addresses.token,
        abi: crossChainTokenAbi,
        functionName: 'transferRemote',
        args: [eth.domain, pad(alice.address), amount / 2n],
      }),
    )
    const [returned] = parseEventLogs({ abi: outboxAbi, logs: back.logs, eventName: 'Dispatch' })
    await relay(eth, [returned!.args.message])
    assert.equal(await eth.token.read.balanceOf([alice.address]), supplyBefore - amount / 2n)
  })

  test('handle only from the inbox (NotInbox)', async () => {
    await assertRevert(
      bsc.token.simulate.handle([eth.domain, pad(eth.addresses.token), '0x'], { account: chains.bsc.accounts[0] }),
      'NotInbox',
      [chains.bsc.accounts[0]!.address],
    )
  })

  test('a message from a contract that is not the enrolled router fails with UnknownRouter and mints nothing', async () => {
    const forger = chains.ethereum.accounts[8]!
    const payload = `0x${pad(forger.address).slice(2)}${pad('0x56bc75e2d63100000').slice(2)}` as Hex // reason: template of hex digits
    // The forger dispatches through the real Outbox: the message is genuine, only its sender is wrong.
    // (A hand-made message reusing an executed nonce would only be skipped, MessageSkipped, instead.)
    const sent = await waitOk(
      chains.ethereum,
      await chains.ethereum.walletClientFor(forger).writeContract({
        address: eth.addresses.outbox,
        abi: outboxAbi,
        functionName: 'dispatch',
        args: [bsc.domain, pad(bsc.addresses.token), payload],
      }),
    )
    const [dispatch] = parseEventLogs({ abi: outboxAbi, logs: sent.logs, eventName: 'Dispatch' })
    const message = dispatch!.args.message
    assert.equal(
      message,
      encodeMessage({
        nonce: dispatch!.args.nonce,
        origin: eth.domain,
        sender: pad(forger.address),
        destination: bsc.domain,
        recipient: pad(bsc.addresses.token),
        payload,
      }),
    )
    const events = await relay(bsc, [message])
    assert.equal(events.length, 1)
    const failed = events[0]!
    assert.equal(failed.eventName, 'MessageFailed')
    const reason = decodeErrorResult({ abi: crossChainTokenAbi, data: (failed.args as { reason: Hex }).reason })
    assert.equal(reason.errorName, 'UnknownRouter')
    assert.equal(await bsc.token.read.balanceOf([forger.address]), 0n)
  })

  test('transferRemote to a domain without a router (NoRouter) and beyond the balance (InsufficientBalance)', async () => {
    await assertRevert(
      eth.token.simulate.transferRemote([56, pad('0x01'), 1n], { account: chains.ethereum.accounts[0] }),
      'NoRouter',
      [56],
    )
    const poor = chains.ethereum.accounts[9]!
    await assertRevert(
      eth.token.simulate.transferRemote([bsc.domain, pad('0x01'), 1n], { account: poor }),
      'InsufficientBalance',
      [poor.address, 0n, 1n],
    )
  })
})

/** Token safeguards: recipient checks at the source, two-step ownership, per-domain rate limits. */
describe('CrossChainToken safeguards', () => {
  const solanaLocal = 1399811150
  const off = { isEnabled: false, capacity: 0n, rate: 0n }
  const alice = () => chains.ethereum.accounts[0]!
  let snaps: Hex[] = []
  beforeEach(async () => {
    snaps = await Promise.all([chains.ethereum.testClient.snapshot(), chains.bsc.testClient.snapshot()])
  })
  afterEach(async () => {
    await Promise.all([
      chains.ethereum.testClient.revert({ id: snaps[0]! }),
      chains.bsc.testClient.revert({ id: snaps[1]! }),
    ])
  })

  test('InvalidRecipient at the source: zero, or high 96 bits set for an EVM domain; a non-EVM domain takes any non-zero bytes32', async () => {
    const supply = await eth.token.read.totalSupply()
    await assertRevert(
      eth.token.simulate.transferRemote([bsc.domain, zeroHash, 1n], { account: alice() }),
      'InvalidRecipient',
      [zeroHash],
    )
    const wide = `0x01${'0'.repeat(22)}${alice().address.slice(2).toLowerCase()}` as Hex // reason: template of hex digits
    await assertRevert(
      eth.token.simulate.transferRemote([bsc.domain, wide, 1n], { account: alice() }),
      'InvalidRecipient',
      [wide],
    )
    const pubkey = keccak256('0x01') // a Solana account: all 32 bytes used
    await waitOk(chains.ethereum, await eth.token.write.enrollRemoteRouter([solanaLocal, keccak256('0x02'), false]))
    assert.equal(await eth.token.read.evmDomains([solanaLocal]), false)
    assert.equal(await eth.token.read.evmDomains([bsc.domain]), true)
    await assertRevert(
      eth.token.simulate.transferRemote([solanaLocal, zeroHash, 1n], { account: alice() }),
      'InvalidRecipient',
      [zeroHash],
    )
    await waitOk(chains.ethereum, await eth.token.write.transferRemote([solanaLocal, pubkey, 5n]))
    assert.equal(await eth.token.read.totalSupply(), supply - 5n)
  })

  test('two-step ownership: named, accepted, then the old owner has no power', async () => {
    const next = chains.ethereum.accounts[7]!
    const stranger = chains.ethereum.accounts[8]!
    await assertRevert(eth.token.simulate.transferOwnership([stranger.address], { account: stranger }), 'NotOwner', [
      stranger.address,
    ])
    const started = await waitOk(chains.ethereum, await eth.token.write.transferOwnership([next.address]))
    const [event] = parseEventLogs({
      abi: crossChainTokenAbi,
      logs: started.logs,
      eventName: 'OwnershipTransferStarted',
    })
    assert.deepEqual(event?.args, { previousOwner: alice().address, newOwner: next.address })
    assert.equal(await eth.token.read.owner(), alice().address)
    assert.equal(await eth.token.read.pendingOwner(), next.address)
    await assertRevert(eth.token.simulate.acceptOwnership({ account: stranger }), 'NotPendingOwner', [stranger.address])
    const write = chains.ethereum.walletClientFor(next)
    const accepted = await waitOk(
      chains.ethereum,
      await write.writeContract({
        address: eth.addresses.token,
        abi: crossChainTokenAbi,
        functionName: 'acceptOwnership',
      }),
    )
    const [transferred] = parseEventLogs({
      abi: crossChainTokenAbi,
      logs: accepted.logs,
      eventName: 'OwnershipTransferred',
    })
    assert.deepEqual(transferred?.args, { previousOwner: alice().address, newOwner: next.address })
    assert.equal(await eth.token.read.owner(), next.address)
    assert.equal(await eth.token.read.pendingOwner(), zeroAddress)
    await assertRevert(
      eth.token.simulate.enrollRemoteRouter([56, pad('0x01'), true], { account: alice() }),
      'NotOwner',
      [alice().address],
    )
    await assertRevert(eth.token.simulate.setRateLimits([56, off, off], { account: alice() }), 'NotOwner', [
      alice().address,
    ])
  })

  test('rate limit configs: owner only, CCIP validation rules, event', async () => {
    const stranger = chains.ethereum.accounts[8]!
    const limit = { isEnabled: true, capacity: 100n, rate: 1n }
    await assertRevert(eth.token.simulate.setRateLimits([bsc.domain, limit, off], { account: stranger }), 'NotOwner', [
      stranger.address,
    ])
    const tooFast = { isEnabled: true, capacity: 100n, rate: 100n }
    await assertRevert(
      eth.token.simulate.setRateLimits([bsc.domain, tooFast, off], { account: alice() }),
      'InvalidRateLimitRate',
      [tooFast],
    )
    const noRate = { isEnabled: true, capacity: 100n, rate: 0n }
    await assertRevert(
      eth.token.simulate.setRateLimits([bsc.domain, off, noRate], { account: alice() }),
      'InvalidRateLimitRate',
      [noRate],
    )
    const stale = { isEnabled: false, capacity: 1n, rate: 0n }
    await assertRevert(
      eth.token.simulate.setRateLimits([bsc.domain, stale, off], { account: alice() }),
      'DisabledNonZeroRateLimit',
      [stale],
    )
    const receipt = await waitOk(chains.ethereum, await eth.token.write.setRateLimits([bsc.domain, limit, off]))
    const [event] = parseEventLogs({ abi: crossChainTokenAbi, logs: receipt.logs, eventName: 'RateLimitsConfigured' })
    assert.deepEqual(event?.args, { domain: bsc.domain, outbound: limit, inbound: off })
    const bucket = await eth.token.read.outboundRateLimit([bsc.domain])
    assert.deepEqual([bucket.isEnabled, bucket.tokens, bucket.capacity, bucket.rate], [true, 100n, 100n, 1n])
  })

  test('outbound bucket: a burst up to capacity, then wait for the refill; larger than capacity never', async () => {
    await waitOk(
      chains.ethereum,
      await eth.token.write.setRateLimits([bsc.domain, { isEnabled: true, capacity: 100n, rate: 2n }, off]),
    )
    const to = pad(chains.bsc.accounts[7]!.address)
    const sent = await waitOk(chains.ethereum, await eth.token.write.transferRemote([bsc.domain, to, 90n]))
    const [consumed] = parseEventLogs({ abi: crossChainTokenAbi, logs: sent.logs, eventName: 'TokensConsumed' })
    assert.deepEqual(consumed?.args, { domain: bsc.domain, inbound: false, amount: 90n })
    await assertRevert(
      eth.token.simulate.transferRemote([bsc.domain, to, 101n], { account: alice() }),
      'TokenMaxCapacityExceeded',
      [100n, 101n],
    )
    // 10 left (the simulation's block may be a second later: at most 2 more).
    await assert.rejects(
      eth.token.simulate.transferRemote([bsc.domain, to, 50n], { account: alice() }),
      /TokenRateLimitReached/,
    )
    await chains.ethereum.testClient.increaseTime({ seconds: 30 })
    await chains.ethereum.testClient.mine({ blocks: 1 })
    await waitOk(chains.ethereum, await eth.token.write.transferRemote([bsc.domain, to, 50n]))
    // Other domains are not limited by this bucket.
    await waitOk(chains.ethereum, await eth.token.write.enrollRemoteRouter([solanaLocal, keccak256('0x02'), false]))
    await waitOk(chains.ethereum, await eth.token.write.transferRemote([solanaLocal, keccak256('0x01'), 1000n]))
  })

  test('inbound bucket: a mint over the limit fails (retryable) and executes once the bucket refilled', async () => {
    await waitOk(
      chains.bsc,
      await bsc.token.write.setRateLimits([eth.domain, off, { isEnabled: true, capacity: 1000n, rate: 10n }]),
    )
    const bob = chains.bsc.accounts[7]!
    const before = await bsc.token.read.balanceOf([bob.address])
    const messages: Hex[] = []
    for (const amount of [800n, 500n]) {
      const receipt = await waitOk(
        chains.ethereum,
        await eth.token.write.transferRemote([bsc.domain, pad(bob.address), amount]),
      )
      messages.push(parseEventLogs({ abi: outboxAbi, logs: receipt.logs, eventName: 'Dispatch' })[0]!.args.message)
    }
    const events = await relay(bsc, messages)
    assert.deepEqual(
      events.filter((e) => e.eventName.startsWith('Message')).map((e) => e.eventName),
      ['MessageExecuted', 'MessageFailed'],
    )
    const failed = events.find((e) => e.eventName === 'MessageFailed')!
    assert.equal(
      decodeErrorResult({ abi: crossChainTokenAbi, data: (failed.args as { reason: Hex }).reason }).errorName,
      'TokenRateLimitReached',
    )
    assert.equal(await bsc.token.read.balanceOf([bob.address]), before + 800n)
    // 200 left + 10/s: after 40 s the retry of the same message through the same batch mints.
    await chains.bsc.testClient.increaseTime({ seconds: 40 })
    const header = await lastHeader(bsc, messages)
    const ids = messages.map((m) => keccak256(m))
    const retry = await waitOk(
      chains.bsc,
      await bsc.inbox.write.execute([header, [messages[1]!], [1], multiproof(ids, [1])]),
    )
    assert.equal(parseEventLogs({ abi: settlementInboxAbi, logs: retry.logs, eventName: 'MessageExecuted' }).length, 1)
    assert.equal(await bsc.token.read.balanceOf([bob.address]), before + 1300n)
  })
})

/** The header of the last batch settled on `to`, which carried `messages`. */
async function lastHeader(to: Bridge, messages: readonly Hex[]): Promise<BatchHeader> {
  const batchIndex = (await to.inbox.read.nextBatchIndex()) - 1n
  const previousBatchHash = batchIndex === 0n ? zeroHash : await to.inbox.read.batchHashes([batchIndex - 1n])
  const ids = messages.map((m) => keccak256(m))
  return { destination: to.domain, batchIndex, root: merkleRoot(ids), messageCount: ids.length, previousBatchHash }
}
