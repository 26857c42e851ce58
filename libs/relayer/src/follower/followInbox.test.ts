// The follower's shell on in-memory dependencies (`testing/createInMemoryFollower`: its chain reads and store
// implemented in memory through their interfaces): no Postgres, NATS or chain.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { settlementInboxAbi } from '@relaymesh/evm-contracts'
import { isRelaymeshError } from '@relaymesh/errors'
import { encodeFunctionData, type Hex } from 'viem'
import { followInbox, type FollowInboxOptions, type InboxFollowerState } from './followInbox.js'
import { createInMemoryFollower, DESTINATION, type InMemoryFollower } from './testing/createInMemoryFollower.js'

const hash = (tag: number, n: number) =>
  `0x${tag.toString(16).padStart(8, '0')}${n.toString(16).padStart(56, '0')}` as Hex
const id = (n: number) => hash(1, n)
const tx = (n: number) => hash(2, n)
const batchHash = hash(3, 0)
const ZERO = hash(0, 0)

const options: FollowInboxOptions = {
  txConfirmations: 1,
  startBlock: 1n,
  maxBlocksPerPoll: 2,
  maxAttempts: 3,
  adoptWaitMs: 60_000,
}

/** Steps the follower until it says no confirmed block is waiting (as its loop does), at most `max` steps. */
async function follow(world: InMemoryFollower, state: InboxFollowerState, max = 20): Promise<number> {
  for (let steps = 1; steps <= max; steps++) if (!(await followInbox(world.deps, state, options))) return steps
  throw new Error(`still following after ${max} steps`)
}

const states = (world: InMemoryFollower) => [...world.messages.values()].map((m) => m.state)

describe('followInbox (in-memory chain and store)', () => {
  it('records a settlement, executions and a failure a range per step, then moves the cursor and idles', async () => {
    const world = createInMemoryFollower()
    world.batches.set(0n, {
      batchIndex: 0n,
      batchHash,
      root: ZERO,
      messageCount: 3,
      previousBatchHash: ZERO,
      state: 'submitted',
      traceparent: null,
      createdAt: new Date(0),
    })
    for (const n of [1, 2, 3])
      world.messages.set(id(n), { state: 'batched', batchIndex: 0n, attempts: 0, failedTxs: [] })
    world.emit(2n, tx(1), 'BatchSubmitted', { batchIndex: 0n, batchHash, root: ZERO, messageCount: 3 })
    world.emit(3n, tx(2), 'MessageExecuted', { id: id(1) })
    world.emit(3n, tx(2), 'MessageExecuted', { id: id(2) })
    world.emit(4n, tx(3), 'MessageFailed', {
      id: id(3),
      batchIndex: 0n,
      leafIndex: 2,
      origin: 1,
      nonce: 3n,
      reason: '0x',
    })
    const state: InboxFollowerState = {}
    await follow(world, state)
    assert.equal(world.batches.get(0n)?.state, 'settled')
    assert.deepEqual(states(world), ['executed', 'executed', 'failed'])
    assert.equal(world.messages.get(id(3))?.attempts, 1)
    assert.equal(world.cursor, 4n)
    assert.deepEqual(world.reads, [
      [1n, 2n],
      [3n, 4n],
    ])
    // Nothing new confirmed: no log query at all.
    assert.equal(await followInbox(world.deps, state, options), false)
    assert.equal(world.reads.length, 2)
    // A new block: only it is read.
    world.emit(5n, tx(4), 'MessageExecuted', { id: id(3) })
    await follow(world, state)
    assert.deepEqual(world.reads.at(-1), [5n, 5n])
    assert.deepEqual(states(world), ['executed', 'executed', 'executed'])
  })

  it('adopts a batch it does not hold once its verifier accepted every id; waits, then gives up on its clock', async () => {
    const world = createInMemoryFollower()
    for (const n of [1, 2])
      world.messages.set(id(n), { state: 'verified', batchIndex: undefined, attempts: 0, failedTxs: [] })
    const header = { destination: DESTINATION, batchIndex: 0n, root: ZERO, messageCount: 3, previousBatchHash: ZERO }
    const submit = (ids: Hex[]) =>
      encodeFunctionData({ abi: settlementInboxAbi, functionName: 'submitBatch', args: [header, ids, []] })
    world.txs.set(tx(1), { input: submit([id(1), id(2), id(3)]), from: `0x${'aa'.repeat(20)}` })
    world.emit(2n, tx(1), 'BatchSubmitted', { batchIndex: 0n, batchHash, root: ZERO, messageCount: 3 })
    const state: InboxFollowerState = {}
    // id 3 is not verified here (yet): the follower retries the event and its cursor stays put.
    world.now = 24_000 + 1_000
    await assert.rejects(follow(world, state), (e) => isRelaymeshError(e, 'BATCH_PENDING_VERIFICATION'))
    assert.equal(world.cursor, null)
    assert.equal(world.batches.size, 0)
    // Past `adoptWaitMs` since the batch's block: not adopted, recorded, and the follower goes on.
    world.now = 24_000 + options.adoptWaitMs
    await follow(world, state)
    assert.equal(world.cursor, 2n)
    assert.equal(world.batches.size, 0)
    assert.deepEqual(
      world.rejections.map((r) => r.reasonCode),
      ['BATCH_NOT_ADOPTED'],
    )
  })

  it('adopts and settles a batch it does not hold when every id is verified here', async () => {
    const world = createInMemoryFollower()
    for (const n of [1, 2])
      world.messages.set(id(n), { state: 'verified', batchIndex: undefined, attempts: 0, failedTxs: [] })
    const header = { destination: DESTINATION, batchIndex: 0n, root: ZERO, messageCount: 2, previousBatchHash: ZERO }
    world.txs.set(tx(1), {
      input: encodeFunctionData({
        abi: settlementInboxAbi,
        functionName: 'submitBatch',
        args: [header, [id(1), id(2)], []],
      }),
      from: `0x${'aa'.repeat(20)}`,
    })
    world.emit(2n, tx(1), 'BatchSubmitted', { batchIndex: 0n, batchHash, root: ZERO, messageCount: 2 })
    await follow(world, {})
    assert.equal(world.batches.get(0n)?.state, 'settled')
    assert.equal(world.batches.get(0n)?.batchHash, batchHash)
    assert.deepEqual(states(world), ['settled', 'settled'])
  })
})
