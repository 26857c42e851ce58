/**
 * PROTOCOL.md "One-shot settlement": `submitAndExecute(header, packedMessages, signatures)` settles a
 * batch and executes all of it in one transaction, with the ids derived from the messages and the root
 * recomputed from them. What must still hold there: the quorum and chain checks of
 * `submitBatch`, a message already executed is skipped, a failing or gas-burning recipient fails alone
 * and is retried through the two-step path, and anything wrong with the batch settles nothing.
 */
import assert from 'node:assert/strict'
import { after, afterEach, before, beforeEach, describe, test } from 'node:test'
import { concat, keccak256, parseEventLogs, type Address, type Hex } from 'viem'
import { gasBurningRecipientBytecode, settlementInboxAbi } from '../src/index.js'
import { makeMessages, multiproof, packMessages, testOrigin } from './support/batch.js'
import {
  assertRevert,
  createInboxFixture,
  inboxLogs,
  nextHeader,
  noopMessages,
  sign,
  snapshots,
  submitMessages,
  waitOk,
  type InboxFixture,
} from './support/fixture.js'

let f: InboxFixture
let burner: Address
const snap = snapshots(() => f.chain)
before(async () => {
  f = await createInboxFixture()
  burner = (
    await waitOk(f.chain, await f.chain.walletClient.deployContract({ abi: [], bytecode: gasBurningRecipientBytecode }))
  ).contractAddress!
})
after(() => f.chain.stop())
beforeEach(() => snap.take())
afterEach(() => snap.restore())

/** The next batch of `messages`, signed by three relayers, as submitAndExecute arguments. */
async function oneShot(messages: readonly Hex[], overrides: Parameters<typeof nextHeader>[2] = {}) {
  const ids = messages.map((m) => keccak256(m))
  const header = await nextHeader(f.bridge, ids, overrides)
  const signatures = await sign(f.bridge, header, f.relayers.slice(0, 3))
  return { header, ids, args: [header, packMessages(messages), signatures] as const }
}

describe('submitAndExecute', () => {
  test('settles and executes 100 messages in one transaction: batch stored, one id-only MessageExecuted each, in leaf order', async () => {
    const messages = noopMessages(f, 100)
    const { header, ids, args } = await oneShot(messages)
    const receipt = await waitOk(f.chain, await f.bridge.inbox.write.submitAndExecute(args))
    assert.equal(await f.bridge.inbox.read.nextBatchIndex(), 1n)
    assert.equal(await f.bridge.inbox.read.batchHashes([0n]), await f.bridge.inbox.read.batchHash([header]))
    const [settled] = parseEventLogs({ abi: settlementInboxAbi, logs: receipt.logs, eventName: 'BatchSubmitted' })
    assert.deepEqual(settled?.args, {
      batchIndex: 0n,
      batchHash: await f.bridge.inbox.read.batchHash([header]),
      root: header.root,
      messageCount: 100,
    })
    const { executed, failed, skipped } = inboxLogs(receipt)
    assert.deepEqual([executed.length, failed.length, skipped.length], [100, 0, 0])
    assert.deepEqual(
      executed.map((e) => e.args.id),
      ids,
    )
    // Slim: the event's topic and the id, no data (the literal topic in the inbox's assembly is the ABI's).
    assert.deepEqual([executed[0]!.topics.length, executed[0]!.data], [2, '0x'])
    for (const nonce of [0n, 99n]) assert.equal(await f.bridge.inbox.read.isExecuted([testOrigin, nonce]), true)
    // The next batch chains onto it, through either path.
    const next = await submitMessages(f, noopMessages(f, 2, 100n))
    assert.equal(next.header.batchIndex, 1n)
  })

  test('all or nothing: root, quorum, chain and count are checked as submitBatch does, and nothing settles', async () => {
    const messages = noopMessages(f, 4)
    const { header, args } = await oneShot(messages)
    const tampered = [...messages.slice(0, 3), noopMessages(f, 1, 9n)[0]!]
    await assertRevert(
      f.bridge.inbox.simulate.submitAndExecute([header, packMessages(tampered), args[2]]),
      'RootMismatch',
    )
    await assertRevert(
      f.bridge.inbox.simulate.submitAndExecute([header, args[1], args[2].slice(0, 2)]),
      'InsufficientQuorum',
      [2n, 3n],
    )
    const outsider = await sign(f.bridge, header, [...f.relayers.slice(0, 2), f.outsiders[0]!])
    await assertRevert(f.bridge.inbox.simulate.submitAndExecute([header, args[1], outsider]), 'UnknownSigner')
    const ahead = await oneShot(messages, { batchIndex: 1n })
    await assertRevert(f.bridge.inbox.simulate.submitAndExecute(ahead.args), 'BatchOutOfOrder', [1n, 0n])
    const empty = await oneShot([], { messageCount: 0 })
    await assertRevert(
      f.bridge.inbox.simulate.submitAndExecute([empty.header, '0x', empty.args[2]]),
      'MessageCountMismatch',
      [0n, 0],
    )
    assert.equal(await f.bridge.inbox.read.nextBatchIndex(), 0n)
    // Someone settles the batch first with submitBatch (its signatures were in the mempool): the one-shot
    // call is refused, and the two-step path executes the messages.
    await waitOk(f.chain, await f.bridge.inbox.write.submitBatch([header, messages.map((m) => keccak256(m)), args[2]]))
    await assertRevert(f.bridge.inbox.simulate.submitAndExecute(args), 'BatchAlreadySubmitted', [0n])
  })

  test('a malformed list or message reverts with its position', async () => {
    const messages = noopMessages(f, 3)
    const { header, args } = await oneShot(messages)
    const packed = args[1]
    await assertRevert(
      f.bridge.inbox.simulate.submitAndExecute([header, concat([packed, '0x00']), args[2]]),
      'MalformedMessage',
      [3n],
    )
    await assertRevert(
      // reason: hex minus one byte
      f.bridge.inbox.simulate.submitAndExecute([header, packed.slice(0, -2) as Hex, args[2]]),
      'MalformedMessage',
      [2n],
    )
    const short = `0x000054${messages[0]!.slice(2, 2 + 84 * 2)}` as Hex // reason: a 3-byte length of 84, then 84 bytes
    await assertRevert(
      f.bridge.inbox.simulate.submitAndExecute([{ ...header, messageCount: 1 }, short, args[2]]),
      'MalformedMessage',
      [0n],
    )
    const wrong = makeMessages(2, { destination: 31337, recipient: f.bridge.addresses.noopRecipient })
    const w = await oneShot(wrong)
    await assertRevert(f.bridge.inbox.simulate.submitAndExecute(w.args), 'WrongDestination', [31337, 31356])
    const v1 = [messages[0]!, `0x01${messages[1]!.slice(4)}` as Hex] // reason: template of hex digits
    const v = await oneShot(v1)
    await assertRevert(f.bridge.inbox.simulate.submitAndExecute(v.args), 'UnsupportedVersion', [v.ids[1], 1])
  })

  test('front-running: a message already executed through another batch is skipped, the others execute', async () => {
    const messages = noopMessages(f, 10)
    // The attacker (or an earlier batch) gets message 7 executed first.
    const early = await submitMessages(f, [messages[7]!])
    await waitOk(
      f.chain,
      await f.bridge.inbox.write.execute([early.header, [messages[7]!], [0], []], { account: f.outsiders[0]! }),
    )
    const { ids, args } = await oneShot(messages)
    const { executed, failed, skipped } = inboxLogs(
      await waitOk(f.chain, await f.bridge.inbox.write.submitAndExecute(args)),
    )
    assert.deepEqual(
      executed.map((e) => e.args.id),
      ids.filter((_, i) => i !== 7),
    )
    assert.equal(failed.length, 0)
    assert.deepEqual(
      skipped.map((e) => e.args),
      [{ id: ids[7], batchIndex: 1n, leafIndex: 7 }],
    )
  })

  test('a gas-burning and a reverting recipient fail alone; the failed messages are retried through execute with a multiproof', async () => {
    const good = noopMessages(f, 3)
    const burn = makeMessages(1, { destination: f.bridge.domain, recipient: burner, firstNonce: 3n })[0]!
    const reject = makeMessages(1, { destination: f.bridge.domain, recipient: f.reverting.address, firstNonce: 4n })[0]!
    const messages = [good[0]!, burn, good[1]!, reject, good[2]!]
    const { header, ids, args } = await oneShot(messages)
    const receipt = await waitOk(f.chain, await f.bridge.inbox.write.submitAndExecute(args))
    const { executed, failed } = inboxLogs(receipt)
    assert.deepEqual(
      executed.map((e) => e.args.id),
      [ids[0], ids[2], ids[4]],
    )
    assert.deepEqual(
      failed.map((e) => [e.args.id, e.args.batchIndex, e.args.leafIndex, e.args.nonce]),
      [
        [ids[1], 0n, 1, 3n],
        [ids[3], 0n, 3, 4n],
      ],
    )
    assert.ok(
      receipt.gasUsed > 200_000n && receipt.gasUsed < 450_000n,
      `gas used ${receipt.gasUsed}: the burner's 200,000 plus the batch`,
    )
    await waitOk(f.chain, await f.reverting.write.setReverting([false]))
    const retry = inboxLogs(
      await waitOk(
        f.chain,
        await f.bridge.inbox.write.execute([header, [burn, reject], [1, 3], multiproof(ids, [1, 3])]),
      ),
    )
    assert.deepEqual(
      retry.executed.map((e) => e.args.id),
      [ids[3]],
    )
    assert.deepEqual(
      retry.failed.map((e) => e.args.id),
      [ids[1]],
    )
    assert.equal(await f.bridge.inbox.read.isExecuted([testOrigin, 4n]), true)
    assert.equal(await f.bridge.inbox.read.isFailed([testOrigin, 3n]), true)
  })

  test('a message whose gas limit does not fit reverts the whole call (InsufficientGasForRecipient); the batch then settles with submitBatch', async () => {
    const huge = makeMessages(1, {
      destination: f.bridge.domain,
      recipient: burner,
      firstNonce: 1n,
      gasLimit: 2 ** 32 - 1,
    })[0]!
    const messages = [noopMessages(f, 1)[0]!, huge]
    const { header, ids, args } = await oneShot(messages)
    await assertRevert(
      f.bridge.inbox.estimateGas.submitAndExecute(args, { account: f.chain.accounts[0]! }),
      'InsufficientGasForRecipient',
      [ids[1], 2n ** 32n - 1n],
    )
    assert.equal(await f.bridge.inbox.read.nextBatchIndex(), 0n)
    await waitOk(f.chain, await f.bridge.inbox.write.submitBatch([header, ids, args[2]]))
    const { executed } = inboxLogs(
      await waitOk(f.chain, await f.bridge.inbox.write.execute([header, [messages[0]!], [0], multiproof(ids, [0])])),
    )
    assert.deepEqual(
      executed.map((e) => e.args.id),
      [ids[0]],
    )
  })

  test('paused: nothing settles or executes', async () => {
    const { args } = await oneShot(noopMessages(f, 2))
    await waitOk(f.chain, await f.bridge.inbox.write.pause({ account: f.pauser }))
    await assertRevert(f.bridge.inbox.simulate.submitAndExecute(args), 'Paused')
  })
})
