/**
 * PROTOCOL.md "Replay protection": the executed and failed bitmaps are keyed by the message's
 * (origin, nonce), so a message executes at most once whichever batch, or leaf, carries it.
 */
import assert from 'node:assert/strict'
import { after, afterEach, before, beforeEach, describe, test } from 'node:test'
import { keccak256, type Hex } from 'viem'
import { makeMessages, multiproof, testOrigin } from './support/batch.js'
import {
  createInboxFixture,
  inboxLogs,
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

type Batch = Awaited<ReturnType<typeof submitMessages>> & { messages: readonly Hex[] }

async function settle(messages: readonly Hex[]): Promise<Batch> {
  return { ...(await submitMessages(f, messages)), messages }
}

function executeArgs(batch: Batch, indices: number[]) {
  return [batch.header, indices.map((i) => batch.messages[i]!), indices, multiproof(batch.ids, indices)] as const
}

async function execute(batch: Batch, indices: number[]) {
  return inboxLogs(await waitOk(f.chain, await f.bridge.inbox.write.execute(executeArgs(batch, indices))))
}

/** Ids a replaying execute skipped, asserting that it executed and failed nothing. */
async function skippedBy(batch: Batch, indices: number[]) {
  const logs = await execute(batch, indices)
  assert.deepEqual([logs.executed.length, logs.failed.length], [0, 0], 'a replay executes nothing')
  return logs.skipped.map((e) => e.args.id)
}

describe('replay protection is per message (origin, nonce)', () => {
  test('the same message in two batches executes once: the second carrier skips it (MessageSkipped)', async () => {
    const [a, b, c, d] = noopMessages(f, 4)
    const first = await settle([a!, b!, c!])
    const second = await settle([b!, d!]) // a relayer re-batched b
    const viaSecond = await execute(second, [0])
    assert.equal(viaSecond.executed.length, 1)
    assert.deepEqual(viaSecond.executed[0]!.args, { id: keccak256(b!) })
    // The first carrier cannot execute it again; inside a larger call it is skipped and the rest execute.
    assert.deepEqual(await skippedBy(first, [1]), [keccak256(b!)])
    const rest = await execute(first, [0, 1, 2])
    assert.deepEqual(
      rest.skipped.map((e) => e.args.id),
      [keccak256(b!)],
    )
    assert.deepEqual(rest.skipped[0]!.args, { id: keccak256(b!), batchIndex: 0n, leafIndex: 1 })
    const restOfSecond = await execute(second, [1])
    const executedIds = [...viaSecond.executed, ...rest.executed, ...restOfSecond.executed].map((e) => e.args.id)
    assert.equal(executedIds.length, 4)
    assert.deepEqual(new Set(executedIds), new Set([a, b, c, d].map((m) => keccak256(m!))))
  })

  test('the same message twice in one batch executes once', async () => {
    const [a, b] = noopMessages(f, 2)
    const batch = await settle([a!, b!, a!])
    // Both copies in one call: the second sees the first's bit and is skipped.
    const { executed, skipped } = await execute(batch, [0, 1, 2])
    assert.deepEqual(
      executed.map((e) => e.args.id),
      [keccak256(a!), keccak256(b!)],
    )
    assert.deepEqual(
      skipped.map((e) => [e.args.id, e.args.leafIndex]),
      [[keccak256(a!), 2]],
    )
    assert.deepEqual(await skippedBy(batch, [2]), [keccak256(a!)])
    assert.deepEqual(await skippedBy(batch, [0]), [keccak256(a!)])
  })

  test('a failed message is retried through another batch carrying it; then no carrier executes it again', async () => {
    const [bad] = makeMessages(1, { destination: f.bridge.domain, recipient: f.reverting.address })
    const first = await settle([bad!])
    const second = await settle([bad!])
    assert.equal((await execute(first, [0])).failed.length, 1)
    // Still failing through the second carrier: failed again, still retryable.
    const again = await execute(second, [0])
    assert.equal(again.failed.length, 1)
    assert.deepEqual(
      { ...again.failed[0]!.args, reason: undefined },
      { id: keccak256(bad!), batchIndex: 1n, leafIndex: 0, origin: testOrigin, nonce: 0n, reason: undefined },
    )
    assert.equal(await f.bridge.inbox.read.isFailed([testOrigin, 0n]), true)
    await waitOk(f.chain, await f.reverting.write.setReverting([false]))
    const retry = await execute(first, [0])
    assert.equal(retry.executed.length, 1)
    assert.equal(await f.reverting.read.handled(), 1n)
    assert.equal(await f.bridge.inbox.read.isExecuted([testOrigin, 0n]), true)
    assert.equal(await f.bridge.inbox.read.isFailed([testOrigin, 0n]), false)
    assert.deepEqual(await skippedBy(second, [0]), [keccak256(bad!)])
    assert.deepEqual(await skippedBy(first, [0]), [keccak256(bad!)])
  })

  test('the key is (origin, nonce): a different message reusing an executed pair is refused, another origin is not', async () => {
    const options = { destination: f.bridge.domain, recipient: f.bridge.addresses.noopRecipient }
    const [original] = makeMessages(1, options)
    const [twin] = makeMessages(1, { ...options, payloadOf: () => '0xdead' }) // same origin and nonce, other id
    const [otherOrigin] = makeMessages(1, { ...options, origin: 1399811150 })
    const batch = await settle([original!, twin!, otherOrigin!])
    assert.equal((await execute(batch, [0])).executed.length, 1)
    assert.deepEqual(await skippedBy(batch, [1]), [keccak256(twin!)])
    assert.equal((await execute(batch, [2])).executed.length, 1)
    assert.equal(await f.bridge.inbox.read.isExecuted([testOrigin, 0n]), true)
    assert.equal(await f.bridge.inbox.read.isExecuted([1399811150, 0n]), true)
    assert.equal(await f.bridge.inbox.read.isExecuted([56, 0n]), false)
  })

  test('bitmap words: nonces 255 | 256 and the largest uint64 nonce map to their own bits', async () => {
    const options = { destination: f.bridge.domain, recipient: f.bridge.addresses.noopRecipient }
    const edge = makeMessages(2, { ...options, firstNonce: 255n }) // 255 ends word 0, 256 opens word 1
    const [last] = makeMessages(1, { ...options, firstNonce: 2n ** 64n - 1n })
    const batch = await settle([...edge, last!])
    await execute(batch, [0])
    const executed = async (nonce: bigint) => f.bridge.inbox.read.isExecuted([testOrigin, nonce])
    assert.deepEqual(await Promise.all([254n, 255n, 256n, 511n].map(executed)), [false, true, false, false])
    await execute(batch, [1, 2])
    assert.deepEqual(await Promise.all([255n, 256n, 257n, 2n ** 64n - 1n, 2n ** 64n - 2n].map(executed)), [
      true,
      true,
      false,
      true,
      false,
    ])
  })
})
