import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createDb, type CreateDbReturnType } from './createDb.js'
import { insertBundle } from './insertBundle.js'
import { listUnbatchedMessages } from './listUnbatchedMessages.js'
import { assignBatch, type AssignBatchParameters } from './assignBatch.js'
import { checkBatchMembers } from './checkBatchMembers.js'
import { transitionBatch } from './transitionBatch.js'
import { settleBatch } from './settleBatch.js'
import { refuseBatch } from './refuseBatch.js'
import { storeBatchSignatures } from './storeBatchSignatures.js'
import { getBatch } from './getBatch.js'
import { getBatchMessageIds } from './getBatchMessageIds.js'
import { getMessage } from './getMessage.js'
import { isRelaymeshError } from '@relaymesh/errors'
import { bytes32, createMigratedTestDb, hex, hexSet, testBlock, testMessages } from './testing/testDatabase.js'

const ZERO = Buffer.alloc(32)
const batchHash = (destination: number, index: bigint) => bytes32(`batch:${destination}:${index}`)

function batch(destination: number, index: bigint, ids: Uint8Array[], previous?: Uint8Array): AssignBatchParameters {
  return {
    destination,
    batchIndex: index,
    ids,
    batchHash: batchHash(destination, index),
    root: bytes32(`root:${index}`),
    previousBatchHash: previous ?? (index === 0n ? ZERO : batchHash(destination, index - 1n)),
    proposer: Buffer.alloc(20, 1),
  }
}

describe('batches', () => {
  let store: CreateDbReturnType & { url: string }
  before(async () => {
    store = await createMigratedTestDb()
  })
  after(async () => {
    await store.close()
  })

  it('assigns the oldest verified messages, in leaf order, and walks the batch to settled', async () => {
    const messages = testMessages('flow', 5, { destination: 10 })
    await insertBundle(store.db, { block: testBlock('flow'), verification: 'light-client', messages })
    await insertBundle(store.db, {
      block: testBlock('other'),
      verification: 'light-client',
      messages: testMessages('other', 2, { destination: 11 }),
    })
    const ids = await listUnbatchedMessages(store.db, { destination: 10, limit: 4 })
    assert.equal(ids.length, 4)
    assert.ok(hexSet(messages.map((m) => m.id)).has(hex(ids[0]!)))
    assert.equal((await checkBatchMembers(store.db, { destination: 10, ids })).ok, true)

    await assignBatch(store.db, {
      ...batch(10, 0n, ids),
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    })
    assert.deepEqual((await getBatchMessageIds(store.db, { destination: 10, batchIndex: 0n })).map(hex), ids.map(hex))
    assert.equal((await listUnbatchedMessages(store.db, { destination: 10, limit: 10 })).length, 1)
    const leaf = await getMessage(store.db, { id: ids[2]! })
    assert.deepEqual([leaf?.state, leaf?.batchIndex, leaf?.leafIndex, leaf?.batchDestination], ['batched', 0n, 2, 10])

    await storeBatchSignatures(store.db, {
      destination: 10,
      batchIndex: 0n,
      signatures: [
        { signer: Buffer.alloc(20, 9), signature: Buffer.alloc(65, 1) },
        { signer: Buffer.alloc(20, 3), signature: Buffer.alloc(65, 2) },
      ],
    })
    assert.equal(
      await storeBatchSignatures(store.db, {
        destination: 10,
        batchIndex: 0n,
        signatures: [{ signer: Buffer.alloc(20, 3), signature: Buffer.alloc(65, 5) }],
      }),
      0,
    )
    await transitionBatch(store.db, { destination: 10, batchIndex: 0n, to: 'signed' })
    await transitionBatch(store.db, {
      destination: 10,
      batchIndex: 0n,
      to: 'submitted',
      submitTxHash: bytes32('submit'),
    })
    assert.equal((await settleBatch(store.db, { destination: 10, batchIndex: 0n })).settled, 4)

    const stored = await getBatch(store.db, { destination: 10, batchIndex: 0n })
    assert.equal(stored?.state, 'settled')
    assert.equal(stored?.messageCount, 4)
    assert.deepEqual(stored?.submitTxHash, bytes32('submit'))
    assert.deepEqual(
      stored?.signatures.map((s) => s.signer[0]),
      [3, 9],
    )
    assert.ok(stored?.settledAt instanceof Date && stored.signedAt instanceof Date)
    assert.equal((await getMessage(store.db, { id: ids[0]! }))?.state, 'settled')
    await assert.rejects(
      settleBatch(store.db, { destination: 10, batchIndex: 0n }),
      (e: unknown) => isRelaymeshError(e, 'ILLEGAL_TRANSITION') && e.meta['from'] === 'settled',
    )
    await assert.rejects(transitionBatch(store.db, { destination: 10, batchIndex: 9n, to: 'signed' }), {
      code: 'NOT_FOUND',
    })
  })

  it('settles a batch and executes in the same write the messages its settling transaction executed', async () => {
    const messages = testMessages('oneshot', 4, { destination: 37 })
    const outsider = testMessages('oneshot-outsider', 1, { destination: 37 })
    await insertBundle(store.db, {
      block: testBlock('oneshot'),
      verification: 'light-client',
      messages: [...messages, ...outsider],
    })
    const ids = messages.map((m) => m.id)
    await assignBatch(store.db, batch(37, 0n, ids))
    await transitionBatch(store.db, { destination: 37, batchIndex: 0n, to: 'signed' })
    await transitionBatch(store.db, { destination: 37, batchIndex: 0n, to: 'submitted' })
    // Three of the four executed in the settling tx (one was skipped or failed there); an id of no batch is not
    // touched.
    const executedIds = [ids[0]!, ids[1]!, ids[3]!, outsider[0]!.id]
    const result = await settleBatch(store.db, {
      destination: 37,
      batchIndex: 0n,
      executed: { ids: executedIds, executionTxHash: bytes32('oneshot-tx') },
    })
    assert.equal(result.settled, 1)
    assert.deepEqual(hexSet(result.executed), hexSet([ids[0]!, ids[1]!, ids[3]!]))
    const executed = await getMessage(store.db, { id: ids[3]! })
    assert.deepEqual([executed?.state, executed?.attempts], ['executed', 1])
    assert.deepEqual(executed?.executionTxHash, bytes32('oneshot-tx'))
    assert.ok(
      executed?.hops.settledAt instanceof Date && executed.hops.executedAt instanceof Date,
      'both hops are stamped',
    )
    const settledOnly = await getMessage(store.db, { id: ids[2]! })
    assert.deepEqual(
      [settledOnly?.state, settledOnly?.attempts, settledOnly?.executionTxHash ?? null],
      ['settled', 0, null],
    )
    assert.equal((await getMessage(store.db, { id: outsider[0]!.id }))?.state, 'verified')
  })

  it('refuses a batch whose previous hash breaks the chain, or whose index is taken, writing nothing', async () => {
    const messages = testMessages('chain', 3, { destination: 20 })
    await insertBundle(store.db, { block: testBlock('chain'), verification: 'light-client', messages })
    const ids = messages.map((m) => m.id)
    await assert.rejects(assignBatch(store.db, batch(20, 0n, ids, bytes32('wrong'))), { code: 'BATCH_CHAIN_MISMATCH' })
    await assert.rejects(assignBatch(store.db, batch(20, 1n, ids)), { code: 'BATCH_CHAIN_MISMATCH' })
    await assignBatch(store.db, batch(20, 0n, ids.slice(0, 1)))
    await assert.rejects(assignBatch(store.db, batch(20, 0n, ids.slice(1))), {
      code: 'BATCH_CONFLICT',
      action: 'retry',
    })
    await assert.rejects(
      assignBatch(store.db, batch(20, 1n, ids)),
      (e: unknown) =>
        isRelaymeshError(e, 'BATCH_CONFLICT') && (e.meta['unavailable'] as string[]).join() === hex(ids[0]!),
    )
    assert.equal(await getBatch(store.db, { destination: 20, batchIndex: 1n }), null)
    assert.equal((await listUnbatchedMessages(store.db, { destination: 20, limit: 10 })).length, 2)
  })

  it('lets a co-signer see missing, foreign, already-batched and duplicate ids', async () => {
    const mine = testMessages('cosign', 2, { destination: 30 })
    const foreign = testMessages('cosign-foreign', 1, { destination: 31 })
    const rejected = testMessages('cosign-rejected', 1, {
      destination: 30,
      state: 'rejected',
      reasonCode: 'RECEIPT_PROOF_INVALID',
    })
    await insertBundle(store.db, {
      block: testBlock('cosign'),
      verification: 'attested',
      messages: [...mine, ...foreign, ...rejected],
    })
    const unknown = bytes32('never-seen')
    const check = await checkBatchMembers(store.db, {
      destination: 30,
      ids: [mine[0]!.id, unknown, foreign[0]!.id, rejected[0]!.id, mine[0]!.id],
    })
    assert.equal(check.ok, false)
    assert.deepEqual(check.missing.map(hex), [hex(unknown)])
    assert.deepEqual(hexSet(check.notVerified.map((n) => n.id)), hexSet([foreign[0]!.id, rejected[0]!.id]))
    assert.deepEqual(check.duplicates.map(hex), [hex(mine[0]!.id)])
    await assignBatch(store.db, batch(30, 0n, [mine[1]!.id]))
    assert.equal((await checkBatchMembers(store.db, { destination: 30, ids: [mine[1]!.id] })).ok, false)
    assert.equal((await checkBatchMembers(store.db, { destination: 30, ids: [mine[1]!.id], batchIndex: 0n })).ok, true)
  })

  it('refuses the later unsubmitted batches with a refused batch: they chain on it', async () => {
    const messages = testMessages('cascade', 6, { destination: 41 })
    await insertBundle(store.db, { block: testBlock('cascade'), verification: 'light-client', messages })
    const ids = messages.map((m) => m.id)
    await assignBatch(store.db, batch(41, 0n, ids.slice(0, 2)))
    await transitionBatch(store.db, { destination: 41, batchIndex: 0n, to: 'signed' })
    await transitionBatch(store.db, { destination: 41, batchIndex: 0n, to: 'submitted' })
    await settleBatch(store.db, { destination: 41, batchIndex: 0n })
    await assignBatch(store.db, batch(41, 1n, ids.slice(2, 4)))
    await transitionBatch(store.db, { destination: 41, batchIndex: 1n, to: 'signed' })
    await assignBatch(store.db, batch(41, 2n, ids.slice(4)))
    await storeBatchSignatures(store.db, {
      destination: 41,
      batchIndex: 2n,
      signatures: [{ signer: Buffer.alloc(20, 1), signature: Buffer.alloc(65, 1) }],
    })
    assert.deepEqual(await refuseBatch(store.db, { destination: 41, batchIndex: 1n, reasonCode: 'TX_REVERTED' }), {
      released: 4,
      successors: 1,
    })
    const states = await Promise.all(
      [0n, 1n, 2n].map(async (batchIndex) => (await getBatch(store.db, { destination: 41, batchIndex }))?.state),
    )
    assert.deepEqual(states, ['settled', 'refused', 'refused'])
    assert.equal((await getBatch(store.db, { destination: 41, batchIndex: 2n }))?.signatures.length, 0)
    assert.deepEqual(
      (await listUnbatchedMessages(store.db, { destination: 41, limit: 10 })).map(hex).sort(),
      ids.slice(2).map(hex).sort(),
    )
    const logged = await store.pool.query(
      "SELECT details FROM rejections WHERE stage = 'batch' AND reason_code = 'BATCH_PREDECESSOR_REFUSED' AND " +
        "details->>'destination' = '41'",
    )
    assert.deepEqual(
      logged.rows.map((r) => [r.details.batchIndex, r.details.predecessor]),
      [['2', '1']],
    )
  })

  it('stores a signature checked against a batch hash only while the batch at its index still has that hash', async () => {
    const messages = testMessages('guard', 2, { destination: 42 })
    await insertBundle(store.db, { block: testBlock('guard'), verification: 'light-client', messages })
    const ids = messages.map((m) => m.id)
    const first = batch(42, 0n, ids.slice(0, 1))
    await assignBatch(store.db, first)
    await refuseBatch(store.db, { destination: 42, batchIndex: 0n, reasonCode: 'BATCH_SUPERSEDED' })
    const second = { ...batch(42, 0n, ids), batchHash: bytes32('guard-second') }
    await assignBatch(store.db, second)
    const signatures = [{ signer: Buffer.alloc(20, 2), signature: Buffer.alloc(65, 2) }]
    assert.equal(
      await storeBatchSignatures(store.db, { destination: 42, batchIndex: 0n, batchHash: first.batchHash, signatures }),
      0,
    )
    assert.equal((await getBatch(store.db, { destination: 42, batchIndex: 0n }))?.signatures.length, 0)
    assert.equal(
      await storeBatchSignatures(store.db, {
        destination: 42,
        batchIndex: 0n,
        batchHash: second.batchHash,
        signatures,
      }),
      1,
    )
  })

  it('releases a refused batch and reuses its index for the next batch', async () => {
    const messages = testMessages('refuse', 3, { destination: 40 })
    await insertBundle(store.db, { block: testBlock('refuse'), verification: 'light-client', messages })
    const ids = messages.map((m) => m.id)
    await assignBatch(store.db, batch(40, 0n, ids))
    await storeBatchSignatures(store.db, {
      destination: 40,
      batchIndex: 0n,
      signatures: [{ signer: Buffer.alloc(20, 1), signature: Buffer.alloc(65, 1) }],
    })
    assert.equal(
      (await refuseBatch(store.db, { destination: 40, batchIndex: 0n, reasonCode: 'BATCH_QUORUM_TIMEOUT' })).released,
      3,
    )
    assert.equal((await getMessage(store.db, { id: ids[0]! }))?.batchIndex, null)
    await assert.rejects(refuseBatch(store.db, { destination: 40, batchIndex: 0n, reasonCode: 'BATCH_SUPERSEDED' }), {
      code: 'ILLEGAL_TRANSITION',
    })
    await assert.rejects(assignBatch(store.db, batch(40, 1n, ids)), { code: 'BATCH_CHAIN_MISMATCH' })
    await assignBatch(store.db, { ...batch(40, 0n, ids.slice(1)), batchHash: bytes32('second-try') })
    const reused = await getBatch(store.db, { destination: 40, batchIndex: 0n })
    assert.deepEqual([reused?.state, reused?.messageCount, reused?.signatures.length], ['proposed', 2, 0])
    const logged = await store.pool.query(
      "SELECT details FROM rejections WHERE stage = 'batch' AND reason_code = 'BATCH_QUORUM_TIMEOUT'",
    )
    assert.equal(logged.rows[0].details.batchHash, hex(batchHash(40, 0n)))
  })

  it('never puts a message in two batches with two batchers racing on two pools', async () => {
    const destination = 50
    const messages = testMessages('race', 600, { destination })
    await insertBundle(store.db, { block: testBlock('race'), verification: 'light-client', messages })
    const pools = [createDb({ connectionString: store.url, max: 2 }), createDb({ connectionString: store.url, max: 2 })]
    const tips = new Map<bigint, Uint8Array>()
    let conflicts = 0
    const batcher = async (db: CreateDbReturnType['db'], name: string) => {
      let sealed = 0
      for (let round = 0; round < 40; round++) {
        const ids = await listUnbatchedMessages(db, { destination, limit: 50 })
        if (ids.length === 0) break
        const index = BigInt(tips.size)
        const previous = index === 0n ? ZERO : tips.get(index - 1n)
        const hash = bytes32(`race:${name}:${index}:${round}`)
        try {
          await assignBatch(db, { ...batch(destination, index, ids, previous ?? ZERO), batchHash: hash })
          tips.set(index, hash)
          sealed++
        } catch (e) {
          if (!isRelaymeshError(e) || (e.action !== 'retry' && e.code !== 'BATCH_CHAIN_MISMATCH')) throw e
          conflicts++
        }
      }
      return sealed
    }
    try {
      const sealed = await Promise.all([batcher(pools[0]!.db, 'a'), batcher(pools[1]!.db, 'b')])
      assert.ok(sealed[0]! + sealed[1]! >= 12, `sealed ${sealed}`)
      assert.ok(conflicts > 0, 'the two batchers really raced for the same messages')
    } finally {
      await Promise.all(pools.map((p) => p.close()))
    }
    const placed = await store.pool.query<{
      n: number
      distinct_leaves: number
      max_per_leaf: number
      sum_counts: number
    }>(
      `
      SELECT count(*)::int AS n, count(DISTINCT (batch_index, leaf_index))::int AS distinct_leaves,
        (SELECT coalesce(sum(message_count), 0)::int FROM batches WHERE destination = $1) AS sum_counts
      FROM messages WHERE destination = $1 AND state = 'batched'`,
      [destination],
    )
    const row = placed.rows[0]!
    assert.equal(row.n, 600, 'every message batched once')
    assert.equal(row.distinct_leaves, 600, 'no two messages share a leaf')
    assert.equal(row.sum_counts, 600, 'batch message counts add up: no message counted in two batches')
  })
})
