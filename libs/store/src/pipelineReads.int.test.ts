import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { assignBatch, type AssignBatchParameters } from './assignBatch.js'
import { getLatestBatch } from './getLatestBatch.js'
import { getOldestUnbatchedAt } from './getOldestUnbatchedAt.js'
import { getReopenedBatch } from './getReopenedBatch.js'
import { getSettlementWaits } from './getSettlementWaits.js'
import { insertBundle } from './insertBundle.js'
import { listBatchesInState } from './listBatchesInState.js'
import { listBatchMessages } from './listBatchMessages.js'
import { listBatchTraceparents } from './listBatchTraceparents.js'
import { listExecutableMessages } from './listExecutableMessages.js'
import { listExecutedTraces } from './listExecutedTraces.js'
import { listFailedByTx } from './listFailedByTx.js'
import { listMessageAttempts } from './listMessageAttempts.js'
import { listMessageTraceparents } from './listMessageTraceparents.js'
import { markMessagesExecuted } from './markMessagesExecuted.js'
import { markMessagesFailed } from './markMessagesFailed.js'
import { pingDatabase } from './pingDatabase.js'
import { refuseBatch } from './refuseBatch.js'
import { settleBatch } from './settleBatch.js'
import { transitionBatch } from './transitionBatch.js'
import { bytes32, createMigratedTestDb, hex, testBlock, testMessages } from './testing/testDatabase.js'

const D = 20
const TRACE = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'
const batchHash = (index: bigint) => bytes32(`pipeline:${index}`)
const batch = (index: bigint, ids: Uint8Array[]): AssignBatchParameters => ({
  destination: D,
  batchIndex: index,
  ids,
  batchHash: batchHash(index),
  root: bytes32(`root:${index}`),
  previousBatchHash: index === 0n ? Buffer.alloc(32) : batchHash(index - 1n),
  proposer: Buffer.alloc(20, 1),
})

describe("the pipeline's reads (batcher, settler, follower)", () => {
  let store: Awaited<ReturnType<typeof createMigratedTestDb>>
  before(async () => {
    store = await createMigratedTestDb()
  })
  after(async () => {
    await store.close()
  })

  it('answers a ping', async () => {
    await pingDatabase(store.db)
  })

  it('reads the latest batch, the batches in a state and the refused batch the next proposal reuses', async () => {
    const { db } = store
    assert.equal(await getLatestBatch(db, { destination: D }), null)
    assert.equal(await getOldestUnbatchedAt(db, { destination: D }), null)
    const messages = testMessages('reads', 6, { destination: D, traceparent: TRACE })
    await insertBundle(db, { block: testBlock('reads'), verification: 'light-client', messages })
    const oldest = await getOldestUnbatchedAt(db, { destination: D })
    assert.ok(oldest instanceof Date)
    const ids = messages.map((m) => m.id)
    await assignBatch(db, batch(0n, ids.slice(0, 2)))
    await assignBatch(db, { ...batch(1n, ids.slice(2, 4)), traceparent: TRACE })
    const latest = await getLatestBatch(db, { destination: D })
    assert.deepEqual(
      [latest?.batchIndex, latest?.state, latest?.messageCount, latest?.traceparent],
      [1n, 'proposed', 2, TRACE],
    )
    assert.equal(hex(latest!.previousBatchHash), hex(batchHash(0n)))
    assert.deepEqual(
      (await listBatchesInState(db, { destination: D, state: 'proposed' })).map((b) => b.batchIndex),
      [0n, 1n],
    )
    assert.deepEqual(
      (await listBatchesInState(db, { destination: D, state: 'proposed', limit: 1 })).map((b) => b.batchIndex),
      [0n],
    )
    assert.equal(await getReopenedBatch(db, { destination: D }), null)
    // takes batch 1 with it
    await refuseBatch(db, { destination: D, batchIndex: 0n, reasonCode: 'BATCH_QUORUM_TIMEOUT' })
    assert.deepEqual((await getReopenedBatch(db, { destination: D }))?.batchIndex, 0n)
  })

  it("reads traces, a batch's stored messages, executable chunks, waits, failures and attempts", async () => {
    const { db } = store
    const messages = testMessages('settle', 3, { destination: D, traceparent: TRACE })
    await insertBundle(db, { block: testBlock('settle', 31337, 2n), verification: 'light-client', messages })
    const ids = messages.map((m) => m.id)
    await assignBatch(db, batch(0n, ids))
    assert.deepEqual(
      (await listBatchTraceparents(db, { destination: D, batchIndex: 0n })).map((t) => t.traceparent),
      [TRACE, TRACE, TRACE],
    )
    assert.equal((await listMessageTraceparents(db, { ids: [ids[0]!, bytes32('unknown')] })).length, 1)
    assert.deepEqual(await listMessageTraceparents(db, { ids: [] }), [])
    const stored = await listBatchMessages(db, { destination: D, batchIndex: 0n })
    assert.deepEqual(
      stored.map((r) => [hex(r.id), r.leaf_index]),
      ids.map((id, i) => [hex(id), i]),
    )

    const retry = { destination: D, maxAttempts: 2, retryBaseMs: 60_000 }
    assert.deepEqual(await getSettlementWaits(db, retry), { signedWaitingMs: null, executableWaitingMs: null })
    await transitionBatch(db, { destination: D, batchIndex: 0n, to: 'signed' })
    assert.ok(((await getSettlementWaits(db, retry)).signedWaitingMs ?? -1) >= 0)
    await transitionBatch(db, { destination: D, batchIndex: 0n, to: 'submitted', submitTxHash: bytes32('submit') })
    await settleBatch(db, { destination: D, batchIndex: 0n })
    assert.equal((await getSettlementWaits(db, retry)).signedWaitingMs, null)
    assert.ok(((await getSettlementWaits(db, retry)).executableWaitingMs ?? -1) >= 0)
    assert.deepEqual(
      (await listExecutableMessages(db, { ...retry, limit: 2 })).map((r) => r.leaf_index),
      [0, 1],
    )

    const tx = bytes32('execute-tx')
    await markMessagesFailed(db, { ids: [ids[0]!], reasonCode: 'RECIPIENT_REVERTED', executionTxHash: tx })
    assert.deepEqual((await listFailedByTx(db, { ids, executionTxHash: tx })).map(hex), [hex(ids[0]!)])
    assert.deepEqual(await listFailedByTx(db, { ids, executionTxHash: bytes32('other-tx') }), [])
    assert.deepEqual(
      (await listMessageAttempts(db, { ids: [ids[0]!] })).map((r) => r.attempts),
      [1],
    )
    // A failure just recorded is not due before retryBaseMs: the chunk is the others.
    assert.deepEqual(
      (await listExecutableMessages(db, { ...retry, limit: 10 })).map((r) => r.leaf_index),
      [1, 2],
    )
    assert.deepEqual(
      (await listExecutableMessages(db, { ...retry, retryBaseMs: 0, limit: 10 })).map((r) => r.leaf_index),
      [0, 1, 2],
    )

    await markMessagesExecuted(db, { ids: [ids[0]!, ids[1]!], executionTxHash: bytes32('execute-tx-2') })
    const traces = await listExecutedTraces(db, { ids: [ids[0]!, ids[1]!] })
    const byId = new Map(traces.map((t) => [hex(t.id), t]))
    assert.deepEqual([byId.get(hex(ids[0]!))?.batchIndex, byId.get(hex(ids[0]!))?.recovered], [0n, true])
    assert.deepEqual([byId.get(hex(ids[1]!))?.batchIndex, byId.get(hex(ids[1]!))?.recovered], [0n, false])
  })
})
