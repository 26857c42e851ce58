/**
 * Liveness: a hostile recipient or a front-runner must not stall a destination.
 * PROTOCOL.md "Execution gas": each message carries its gas limit, the inbox calls the recipient with
 * exactly that limit and records anything failing within it as failed (retryable); a message
 * executed already is skipped (MessageSkipped) rather than reverting a batched execute.
 */
import assert from 'node:assert/strict'
import { after, afterEach, before, beforeEach, describe, test } from 'node:test'
import { getContract, type Address, type Hex } from 'viem'
import { gasBurningRecipientBytecode, gasProbeRecipientAbi, gasProbeRecipientBytecode } from '../src/index.js'
import { makeMessages, multiproof, testOrigin } from './support/batch.js'
import {
  assertRevert,
  createInboxFixture,
  inboxLogs,
  noopMessages,
  snapshots,
  submitMessages,
  waitOk,
  type InboxFixture,
} from './support/fixture.js'

let f: InboxFixture
let burner: Address
let probe: Address
const snap = snapshots(() => f.chain)
before(async () => {
  f = await createInboxFixture()
  const deploy = async (bytecode: Hex) =>
    (await waitOk(f.chain, await f.chain.walletClient.deployContract({ abi: [], bytecode }))).contractAddress!
  burner = await deploy(gasBurningRecipientBytecode)
  probe = await deploy(gasProbeRecipientBytecode)
  assert.equal(await f.chain.publicClient.getCode({ address: burner }), '0xfe', 'the burner is just INVALID')
})
after(() => f.chain.stop())
beforeEach(() => snap.take())
afterEach(() => snap.restore())

const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const to = (recipient: Address, firstNonce: bigint, gasLimit?: number) =>
  makeMessages(1, {
    destination: f.bridge.domain,
    recipient,
    firstNonce,
    ...(gasLimit === undefined ? {} : { gasLimit }),
  })[0]!

describe('execute: per-message gas limit', () => {
  test('a gas-burning recipient (code = INVALID) burns its gas limit, is marked failed, and the rest of the batch executes', async () => {
    const good = noopMessages(f, 3)
    const messages = [good[0]!, to(burner, 3n), good[1]!, good[2]!] // the burner gets the default 200,000
    const { header, ids } = await submitMessages(f, messages)
    // No explicit gas: viem estimates, which used to throw InsufficientGasForRecipient at any gas.
    const receipt = await waitOk(f.chain, await f.bridge.inbox.write.execute([header, messages, range(4), []]))
    const { executed, failed } = inboxLogs(receipt)
    assert.deepEqual(
      executed.map((e) => e.args.id),
      [ids[0], ids[2], ids[3]],
    )
    assert.deepEqual(
      failed.map((e) => [e.args.id, e.args.reason]),
      [[ids[1], '0x']],
    )
    assert.ok(
      receipt.gasUsed > 200_000n && receipt.gasUsed < 200_000n + 150_000n,
      `gas used ${receipt.gasUsed}: the burner's 200,000 plus the batch`,
    )
    assert.equal(await f.bridge.inbox.read.isFailed([testOrigin, 3n]), true)
    assert.equal(await f.bridge.inbox.read.isExecuted([testOrigin, 3n]), false)
    // Still retryable: a retry fails again, costs its limit, and blocks nothing.
    const retry = inboxLogs(
      await waitOk(f.chain, await f.bridge.inbox.write.execute([header, [messages[1]!], [1], multiproof(ids, [1])])),
    )
    assert.deepEqual([retry.executed.length, retry.failed.length], [0, 1])
    assert.equal(await f.bridge.inbox.read.isFailed([testOrigin, 3n]), true)
  })

  test('the recipient is called with exactly its gas limit, however much more the executor sends', async () => {
    const reader = getContract({ address: probe, abi: gasProbeRecipientAbi, client: f.chain.publicClient })
    for (const [i, gasLimit] of [50_000, 1_000_000].entries()) {
      const messages = [to(probe, BigInt(i), gasLimit)]
      const { header } = await submitMessages(f, messages)
      await waitOk(f.chain, await f.bridge.inbox.write.execute([header, messages, [0], []], { gas: 5_000_000n }))
      const atEntry = await reader.read.gasAtEntry()
      // gasleft() in handle = the limit minus the recipient's own prologue (selector dispatch, ABI decoding).
      assert.ok(
        atEntry < BigInt(gasLimit) && atEntry > BigInt(gasLimit) - 1_000n,
        `limit ${gasLimit}, gas at entry ${atEntry}`,
      )
    }
  })

  test('InsufficientGasForRecipient: too little gas for a limit reverts the call and records nothing', async () => {
    const messages = [noopMessages(f, 1)[0]!, to(burner, 1n, 5_000_000)]
    const { header, ids } = await submitMessages(f, messages)
    await assertRevert(
      f.bridge.inbox.simulate.execute([header, messages, [0, 1], []], { gas: 3_000_000n }),
      'InsufficientGasForRecipient',
      [ids[1], 5_000_000n],
    )
    // A limit above the block's gas can never be met: the estimate itself names the message.
    const [huge] = [to(burner, 2n, 2 ** 32 - 1)]
    const second = await submitMessages(f, [huge])
    await assertRevert(
      f.bridge.inbox.estimateGas.execute([second.header, [huge], [0], []], { account: f.chain.accounts[0]! }),
      'InsufficientGasForRecipient',
      [second.ids[0], 2n ** 32n - 1n],
    )
    for (const nonce of [0n, 1n, 2n]) assert.equal(await f.bridge.inbox.read.isFailed([testOrigin, nonce]), false)
    // With enough gas the 5M burner fails within its own limit; the other message executes.
    const receipt = await waitOk(f.chain, await f.bridge.inbox.write.execute([header, messages, [0, 1], []]))
    assert.deepEqual([inboxLogs(receipt).executed.length, inboxLogs(receipt).failed.length], [1, 1])
    assert.ok(receipt.gasUsed >= 5_000_000n && receipt.gasUsed < 5_150_000n, `gas used ${receipt.gasUsed}`)
  })
})

describe('execute: front-running', () => {
  test('executing leaf 57 alone first does not revert the 100-message execute: 99 execute, 57 is skipped', async () => {
    const messages = noopMessages(f, 100)
    const { header, ids } = await submitMessages(f, messages)
    const all = [header, messages, range(100), multiproof(ids, range(100))] as const
    // The relayer prices its transaction before the attacker moves.
    const gas = await f.bridge.inbox.estimateGas.execute(all, { account: f.chain.accounts[0]! })
    const attacker = f.outsiders[0]!
    const front = inboxLogs(
      await waitOk(
        f.chain,
        await f.bridge.inbox.write.execute([header, [messages[57]!], [57], multiproof(ids, [57])], {
          account: attacker,
        }),
      ),
    )
    assert.deepEqual(
      front.executed.map((e) => e.args.id),
      [ids[57]],
    )
    const receipt = await waitOk(f.chain, await f.bridge.inbox.write.execute(all, { gas: (gas * 12n) / 10n }))
    const { executed, failed, skipped } = inboxLogs(receipt)
    assert.equal(executed.length, 99)
    assert.equal(failed.length, 0)
    assert.deepEqual(
      skipped.map((e) => e.args),
      [{ id: ids[57], batchIndex: 0n, leafIndex: 57 }],
    )
    assert.deepEqual(
      new Set([...executed, ...front.executed].map((e) => e.args.id)),
      new Set(ids),
      'every message executed exactly once',
    )
  })
})
