import assert from 'node:assert/strict'
import { after, afterEach, before, beforeEach, describe, test } from 'node:test'
import { decodeErrorResult, encodeErrorResult, pad, type Hex } from 'viem'
import { revertingRecipientAbi, settlementInboxAbi } from '../src/index.js'
import { makeMessages, multiproof, testOrigin } from './support/batch.js'
import {
  assertRevert,
  createInboxFixture,
  inboxLogs as logsOf,
  noopMessages,
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

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

describe('execute', () => {
  test('executes a whole 200-message batch in one transaction (proof = padding siblings only)', async () => {
    const messages = noopMessages(f, 200)
    const { header, ids } = await submitMessages(f, messages)
    // 200 leaves pad to 256: the proof carries only the all-zero subtrees' roots (one per level at most).
    const proof = multiproof(ids, range(200))
    assert.ok(proof.length <= 8)
    const receipt = await waitOk(f.chain, await f.bridge.inbox.write.execute([header, messages, range(200), proof]))
    const { executed, failed } = logsOf(receipt)
    assert.equal(executed.length, 200)
    assert.equal(failed.length, 0)
    assert.deepEqual(
      executed.map((e) => e.args.id),
      ids,
    )
    assert.deepEqual(executed[199]!.args, { id: ids[199] }, 'MessageExecuted logs the id alone')
    assert.equal(await f.bridge.inbox.read.isExecuted([testOrigin, 0n]), true)
    assert.equal(await f.bridge.inbox.read.isExecuted([testOrigin, 199n]), true)
    assert.equal(await f.bridge.inbox.read.isExecuted([testOrigin, 200n]), false)
  })

  test('executes a subset with a multiproof; the rest stay executable', async () => {
    const messages = noopMessages(f, 37)
    const { header, ids } = await submitMessages(f, messages)
    const picked = [0, 1, 5, 17, 30, 36]
    const proof = multiproof(ids, picked)
    const receipt = await waitOk(
      f.chain,
      await f.bridge.inbox.write.execute([header, picked.map((i) => messages[i]!), picked, proof]),
    )
    assert.equal(logsOf(receipt).executed.length, picked.length)
    assert.equal(await f.bridge.inbox.read.isExecuted([testOrigin, 17n]), true)
    assert.equal(await f.bridge.inbox.read.isExecuted([testOrigin, 18n]), false)
    const rest = range(37).filter((i) => !picked.includes(i))
    const receipt2 = await waitOk(
      f.chain,
      await f.bridge.inbox.write.execute([header, rest.map((i) => messages[i]!), rest, multiproof(ids, rest)]),
    )
    assert.equal(logsOf(receipt2).executed.length, rest.length)
  })

  test('single-message proof on a 1-leaf batch and on a non-power-of-two batch', async () => {
    const one = noopMessages(f, 1)
    const first = await submitMessages(f, one)
    await waitOk(f.chain, await f.bridge.inbox.write.execute([first.header, one, [0], []]))
    const five = noopMessages(f, 5, 1n)
    const second = await submitMessages(f, five)
    await waitOk(
      f.chain,
      await f.bridge.inbox.write.execute([second.header, [five[4]!], [4], multiproof(second.ids, [4])]),
    )
    assert.equal(await f.bridge.inbox.read.isExecuted([testOrigin, 5n]), true) // leaf 4 of batch 1 holds nonce 1 + 4
  })

  test('a replayed message is skipped with MessageSkipped, executing nothing', async () => {
    const messages = noopMessages(f, 4)
    const { header, ids } = await submitMessages(f, messages)
    await waitOk(f.chain, await f.bridge.inbox.write.execute([header, [messages[2]!], [2], multiproof(ids, [2])]))
    const replay = logsOf(
      await waitOk(f.chain, await f.bridge.inbox.write.execute([header, [messages[2]!], [2], multiproof(ids, [2])])),
    )
    assert.deepEqual([replay.executed.length, replay.failed.length], [0, 0])
    assert.deepEqual(
      replay.skipped.map((e) => e.args),
      [{ id: ids[2], batchIndex: 0n, leafIndex: 2 }],
    )
  })

  test('InvalidProof: no index, wrong leaf index, tampered message, short or padded proof, unsorted or out-of-range indices', async () => {
    const messages = noopMessages(f, 6)
    const { header, ids } = await submitMessages(f, messages)
    const execute = (msgs: Hex[], indices: number[], proof: Hex[]) =>
      f.bridge.inbox.simulate.execute([header, msgs, indices, proof])
    const proof2 = multiproof(ids, [2])
    // PROTOCOL.md "Multiproof": at least one index; an empty call must not pass as a proven one.
    await assertRevert(execute([], [], []), 'InvalidProof')
    await assertRevert(execute([messages[2]!], [3], proof2), 'InvalidProof')
    const tampered = `${messages[2]!.slice(0, -2)}ff` as Hex // reason: template of hex digits
    await assertRevert(execute([tampered], [2], proof2), 'InvalidProof')
    await assertRevert(execute([messages[2]!], [2], proof2.slice(1)), 'InvalidProof')
    await assertRevert(execute([messages[2]!], [2], [...proof2, proof2[0]!]), 'InvalidProof')
    await assertRevert(execute([messages[3]!, messages[2]!], [3, 2], multiproof(ids, [2, 3])), 'InvalidProof')
    await assertRevert(execute([messages[2]!, messages[2]!], [2, 2], proof2), 'InvalidProof')
    // Index 6 is padding (n = 6, padded to 8): a zero-leaf position proves nothing.
    await assertRevert(execute([messages[5]!], [6], multiproof(ids, [5])), 'InvalidProof')
  })

  test('UnknownBatch: a header that was never settled', async () => {
    const messages = noopMessages(f, 2)
    const { header } = await submitMessages(f, messages)
    await assertRevert(
      f.bridge.inbox.simulate.execute([{ ...header, batchIndex: 1n }, messages, [0, 1], []]),
      'UnknownBatch',
      [1n],
    )
    await assertRevert(
      f.bridge.inbox.simulate.execute([{ ...header, messageCount: 3 }, messages, [0, 1], []]),
      'UnknownBatch',
      [0n],
    )
  })

  test('Paused: no execution while paused', async () => {
    const messages = noopMessages(f, 2)
    const { header } = await submitMessages(f, messages)
    await waitOk(f.chain, await f.bridge.inbox.write.pause())
    await assertRevert(f.bridge.inbox.simulate.execute([header, messages, [0, 1], []]), 'Paused')
  })

  test('WrongDestination and UnsupportedVersion inside a settled batch reject the call', async () => {
    const wrong = makeMessages(1, { destination: 31337, recipient: f.bridge.addresses.noopRecipient })
    const v1 = [`0x01${noopMessages(f, 1, 9n)[0]!.slice(4)}` as Hex] // reason: template of hex digits
    const first = await submitMessages(f, wrong)
    await assertRevert(
      f.bridge.inbox.simulate.execute([first.header, wrong, [0], []]),
      'WrongDestination',
      [31337, 31356],
    )
    const second = await submitMessages(f, v1)
    await assertRevert(f.bridge.inbox.simulate.execute([second.header, v1, [0], []]), 'UnsupportedVersion', [
      second.ids[0],
      1,
    ])
  })

  test('reverting recipient: marked failed without reverting the rest, then retried successfully', async () => {
    const good = noopMessages(f, 3)
    const bad = makeMessages(1, { destination: f.bridge.domain, recipient: f.reverting.address, firstNonce: 3n })
    const messages = [good[0]!, bad[0]!, good[1]!, good[2]!]
    const { header, ids } = await submitMessages(f, messages)
    const receipt = await waitOk(f.chain, await f.bridge.inbox.write.execute([header, messages, [0, 1, 2, 3], []]))
    const { executed, failed } = logsOf(receipt)
    assert.equal(executed.length, 3)
    assert.equal(failed.length, 1)
    assert.equal(failed[0]!.args.id, ids[1])
    assert.equal(failed[0]!.args.leafIndex, 1)
    assert.equal(failed[0]!.args.origin, testOrigin)
    assert.equal(failed[0]!.args.nonce, 3n)
    const reason = decodeErrorResult({ abi: revertingRecipientAbi, data: failed[0]!.args.reason })
    assert.equal(reason.errorName, 'Rejected')
    assert.equal(await f.bridge.inbox.read.isFailed([testOrigin, 3n]), true)
    assert.equal(await f.bridge.inbox.read.isExecuted([testOrigin, 3n]), false)
    // The recipient is fixed; anyone retries the failed message alone.
    await waitOk(f.chain, await f.reverting.write.setReverting([false]))
    const retry = await waitOk(
      f.chain,
      await f.bridge.inbox.write.execute([header, [messages[1]!], [1], multiproof(ids, [1])]),
    )
    assert.equal(logsOf(retry).executed.length, 1)
    assert.equal(await f.reverting.read.handled(), 1n)
    assert.equal(await f.bridge.inbox.read.isExecuted([testOrigin, 3n]), true)
    assert.equal(await f.bridge.inbox.read.isFailed([testOrigin, 3n]), false)
    const replay = logsOf(
      await waitOk(f.chain, await f.bridge.inbox.write.execute([header, [messages[1]!], [1], multiproof(ids, [1])])),
    )
    assert.deepEqual(
      replay.skipped.map((e) => e.args.id),
      [ids[1]],
    )
    assert.equal(await f.reverting.read.handled(), 1n)
  })

  test('recipient without code, or not an EVM address, is marked failed with RecipientHasNoCode', async () => {
    const eoa = f.outsiders[0]!.address
    const messages = [
      ...makeMessages(1, { destination: f.bridge.domain, recipient: eoa }),
      ...makeMessages(1, { destination: f.bridge.domain, recipient: f.bridge.addresses.noopRecipient, firstNonce: 1n }),
    ]
    const solanaLike = `0x01${'11'.repeat(31)}` as Hex // reason: template of hex digits
    messages[1] = `${messages[1]!.slice(0, 2 + 49 * 2)}${solanaLike.slice(2)}${messages[1]!.slice(2 + 81 * 2)}` as Hex // reason: template of hex digits
    const { header } = await submitMessages(f, messages)
    const { failed } = logsOf(await waitOk(f.chain, await f.bridge.inbox.write.execute([header, messages, [0, 1], []])))
    assert.equal(failed.length, 2)
    assert.equal(
      failed[0]!.args.reason,
      encodeErrorResult({ abi: settlementInboxAbi, errorName: 'RecipientHasNoCode', args: [pad(eoa)] }).toLowerCase(),
    )
    assert.equal(
      failed[1]!.args.reason,
      encodeErrorResult({ abi: settlementInboxAbi, errorName: 'RecipientHasNoCode', args: [solanaLike] }),
    )
  })

  test('LengthMismatch and MalformedMessage', async () => {
    const messages = noopMessages(f, 2)
    const { header } = await submitMessages(f, messages)
    await assertRevert(f.bridge.inbox.simulate.execute([header, messages, [0], []]), 'LengthMismatch', [2n, 1n])
    await assertRevert(f.bridge.inbox.simulate.execute([header, ['0x01'], [0], []]), 'MalformedMessage', [0n])
  })
})
