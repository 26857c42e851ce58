import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { assignBatch } from './assignBatch.js'
import { findUnknownMessageIds } from './findUnknownMessageIds.js'
import { insertBundle } from './insertBundle.js'
import { listStaleUnbatchedBlocks } from './listStaleUnbatchedBlocks.js'
import { bytes32, createMigratedTestDb, hex, hexSet, testBlock, testMessages } from './testing/testDatabase.js'

const D = 56

describe("re-observation's reads (stale unbatched blocks, unknown ids)", () => {
  let store: Awaited<ReturnType<typeof createMigratedTestDb>>
  before(async () => {
    store = await createMigratedTestDb()
  })
  after(async () => {
    await store.close()
  })

  it('lists the source blocks of messages verified long ago and still in no batch, per block with their ids', async () => {
    const { db } = store
    const a = testMessages('stale:a', 3, { destination: D })
    const b = testMessages('stale:b', 2, { destination: D })
    await insertBundle(db, { block: testBlock('stale:a', 31337, 10n), verification: 'light-client', messages: a })
    await insertBundle(db, { block: testBlock('stale:b', 31337, 11n), verification: 'light-client', messages: b })
    // Verified just now: nothing is stale after an hour's threshold.
    assert.deepEqual(await listStaleUnbatchedBlocks(db, { destination: D, olderThanMs: 3_600_000, limit: 100 }), [])
    const stale = await listStaleUnbatchedBlocks(db, { destination: D, olderThanMs: 0, limit: 100 })
    assert.deepEqual(
      stale.map((s) => [s.origin, s.number, hex(s.hash)]),
      [
        [31337, 10n, hex(testBlock('stale:a').hash)],
        [31337, 11n, hex(testBlock('stale:b').hash)],
      ],
    )
    assert.deepEqual(hexSet(stale[0]!.ids), hexSet(a.map((m) => m.id)))
    // A batched message is not waiting any more; another destination's are not listed.
    await assignBatch(db, {
      destination: D,
      batchIndex: 0n,
      ids: a.map((m) => m.id),
      batchHash: bytes32('batch:0'),
      root: bytes32('root:0'),
      previousBatchHash: Buffer.alloc(32),
      proposer: Buffer.alloc(20, 1),
    })
    const left = await listStaleUnbatchedBlocks(db, { destination: D, olderThanMs: 0, limit: 100 })
    assert.deepEqual(
      left.map((s) => s.number),
      [11n],
    )
    assert.deepEqual(await listStaleUnbatchedBlocks(db, { destination: 31337, olderThanMs: 0, limit: 100 }), [])
    // The limit bounds the messages looked at, oldest first.
    assert.equal((await listStaleUnbatchedBlocks(db, { destination: D, olderThanMs: 0, limit: 1 }))[0]?.ids.length, 1)
  })

  it('finds the ids a relayer never stored, in one statement', async () => {
    const { db } = store
    const known = testMessages('known', 2, { destination: D })
    await insertBundle(db, { block: testBlock('known', 31337, 20n), verification: 'light-client', messages: known })
    const unknown = [bytes32('never:0'), bytes32('never:1')]
    const found = await findUnknownMessageIds(db, [known[0]!.id, unknown[0]!, known[1]!.id, unknown[1]!])
    assert.deepEqual(hexSet(found), hexSet(unknown))
    assert.deepEqual(
      await findUnknownMessageIds(
        db,
        known.map((m) => m.id),
      ),
      [],
    )
    assert.deepEqual(await findUnknownMessageIds(db, []), [])
  })
})
