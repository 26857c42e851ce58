import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { insertBundle } from './insertBundle.js'
import { listMessages, type MessageListPosition } from './listMessages.js'
import { listBatches } from './listBatches.js'
import { assignBatch } from './assignBatch.js'
import { listUnbatchedMessages } from './listUnbatchedMessages.js'
import { markMessagesFailed } from './markMessagesFailed.js'
import { retryFailedMessages } from './retryFailedMessages.js'
import { listRoutes, pauseRoute, resumeRoute } from './routePauses.js'
import { getMessagesBySourceTx } from './getMessagesBySourceTx.js'
import type { CreateDbReturnType } from './createDb.js'
import { bytes32, createMigratedTestDb, hex, hexSet, testBlock, testMessages } from './testing/testDatabase.js'

describe('listings, retries and route pauses', () => {
  let store: CreateDbReturnType
  const alice = bytes32('alice')
  // Three bundles (three created_at values, microseconds apart at most), each with ties on created_at.
  const first = testMessages('first', 5, { sender: alice })
  const second = testMessages('second', 4, { destination: 97 })
  const third = testMessages('third', 3, { sender: alice, destination: 97 })
  before(async () => {
    store = await createMigratedTestDb()
    await insertBundle(store.db, {
      block: testBlock('first', 31337, 1n),
      verification: 'light-client',
      messages: first,
    })
    await insertBundle(store.db, {
      block: testBlock('second', 31337, 2n),
      verification: 'light-client',
      messages: second,
    })
    await insertBundle(store.db, { block: testBlock('third', 10, 3n), verification: 'light-client', messages: third })
  })
  after(async () => {
    await store.close()
  })

  async function allPages(
    filters: Parameters<typeof listMessages>[1] extends infer P ? Omit<P, 'limit' | 'after'> : never,
    limit: number,
  ) {
    const pages: string[][] = []
    let after: MessageListPosition | undefined
    do {
      const page = await listMessages(store.db, { ...filters, limit, after })
      pages.push(page.messages.map((m) => hex(m.id)))
      after = page.next ?? undefined
    } while (after)
    return pages
  }

  it('pages through every message newest first, each exactly once, whatever the page size', async () => {
    const everything = (await listMessages(store.db, { limit: 100 })).messages
    assert.equal(everything.length, 12)
    assert.deepEqual(
      new Set(everything.slice(0, 3).map((m) => hex(m.id))),
      hexSet(third.map((m) => m.id)),
      'newest bundle first',
    )
    for (const limit of [1, 2, 5, 11, 12]) {
      const pages = await allPages({}, limit)
      assert.deepEqual(
        pages.flat(),
        everything.map((m) => hex(m.id)),
        `limit ${limit}`,
      )
      assert.ok(pages.every((p) => p.length <= limit && p.length > 0))
    }
  })

  it('filters by sender, route, state and time', async () => {
    assert.deepEqual(
      new Set((await allPages({ sender: alice }, 2)).flat()),
      hexSet([...first, ...third].map((m) => m.id)),
    )
    assert.deepEqual(
      new Set((await allPages({ origin: 31337, destination: 97 }, 3)).flat()),
      hexSet(second.map((m) => m.id)),
    )
    assert.equal((await listMessages(store.db, { origin: 10, destination: 56, limit: 10 })).messages.length, 0)
    assert.equal((await listMessages(store.db, { state: 'verified', limit: 100 })).messages.length, 12)
    assert.equal((await listMessages(store.db, { state: 'failed', limit: 100 })).messages.length, 0)
    const all = (await listMessages(store.db, { limit: 100 })).messages
    const newest = all[0]!.createdAt
    assert.deepEqual(
      hexSet((await listMessages(store.db, { from: newest, limit: 100 })).messages.map((m) => m.id)),
      hexSet(third.map((m) => m.id)),
    )
    assert.equal((await listMessages(store.db, { to: new Date(0), limit: 100 })).messages.length, 0)
    assert.equal((await listMessages(store.db, { from: new Date(Date.now() + 60_000), limit: 100 })).messages.length, 0)
  })

  it('leaves paused routes out of the batcher queue until resumed, and lists routes with their pause state', async () => {
    const queue = async () => hexSet(await listUnbatchedMessages(store.db, { destination: 97, limit: 100 }))
    assert.equal((await queue()).size, 7)
    const paused = await pauseRoute(store.db, { origin: 31337, destination: 97 })
    assert.ok(paused.paused && paused.pausedAt instanceof Date)
    assert.deepEqual(
      (await pauseRoute(store.db, { origin: 31337, destination: 97 })).pausedAt,
      paused.pausedAt,
      'idempotent',
    )
    assert.deepEqual(await queue(), hexSet(third.map((m) => m.id)), 'only the unpaused route 10 -> 97')
    assert.equal(
      (await listUnbatchedMessages(store.db, { destination: 56, limit: 100 })).length,
      5,
      'other destinations unaffected',
    )
    // The proposer's holdback: messages verified less than that long ago wait (by the database's clock).
    const held = await listUnbatchedMessages(store.db, { destination: 56, limit: 100, holdbackMs: 3_600_000 })
    assert.equal(held.length, 0, 'every message here was verified within the hour')
    await pauseRoute(store.db, { origin: 5, destination: 6 })
    assert.deepEqual(
      (await listRoutes(store.db)).map((r) => [r.origin, r.destination, r.paused]),
      [
        [5, 6, true],
        [10, 97, false],
        [31337, 56, false],
        [31337, 97, true],
      ],
    )
    await resumeRoute(store.db, { origin: 31337, destination: 97 })
    await resumeRoute(store.db, { origin: 5, destination: 6 })
    assert.equal((await queue()).size, 7)
    assert.equal((await listRoutes(store.db)).filter((r) => r.paused).length, 0)
  })

  it('makes only failed messages due again: attempts reset, updated_at backdated', async () => {
    const ids = first.slice(1, 3).map((m) => m.id)
    await store.pool.query(`UPDATE messages SET state = 'settled' WHERE id = ANY($1::bytea[])`, [
      ids.map((id) => Buffer.from(id)),
    ])
    await markMessagesFailed(store.db, { ids, reasonCode: 'RECIPIENT_REVERTED' })
    await markMessagesFailed(store.db, { ids: [ids[0]!], reasonCode: 'RECIPIENT_REVERTED' })
    const { moved, unmoved } = await retryFailedMessages(store.db, { ids: [...ids, first[4]!.id] })
    assert.deepEqual(hexSet(moved), hexSet(ids))
    assert.deepEqual(unmoved.map(hex), [hex(first[4]!.id)], 'a verified message is not retried')
    const rows = await store.pool.query(
      `SELECT state, attempts, updated_at FROM messages WHERE id = ANY($1::bytea[])`,
      [ids.map((id) => Buffer.from(id))],
    )
    for (const row of rows.rows) assert.deepEqual([row.state, row.attempts, row.updated_at.getTime()], ['failed', 0, 0])
  })

  it('pages batches by destination then index, newest first, filtered by state', async () => {
    const ids = (await listUnbatchedMessages(store.db, { destination: 56, limit: 100 })).slice(0, 2)
    for (const [i, id] of ids.entries()) {
      await assignBatch(store.db, {
        destination: 56,
        batchIndex: BigInt(i),
        batchHash: bytes32(`b${i}`),
        root: bytes32(`r${i}`),
        previousBatchHash: i === 0 ? Buffer.alloc(32) : bytes32('b0'),
        proposer: Buffer.alloc(20, 1),
        ids: [id],
      })
    }
    const one = await listBatches(store.db, { limit: 1 })
    assert.deepEqual(
      one.batches.map((b) => b.batchIndex),
      [1n],
    )
    const two = await listBatches(store.db, { limit: 1, after: one.next! })
    assert.deepEqual([two.batches.map((b) => b.batchIndex), two.next], [[0n], null])
    assert.equal((await listBatches(store.db, { destination: 97, limit: 5 })).batches.length, 0)
    assert.equal((await listBatches(store.db, { state: 'settled', limit: 5 })).batches.length, 0)
  })
  // The listing indexes live on message_keys, written once per stored message by a trigger (migration 0009): a hop
  // (batched, failed, retried) rewrites the messages row but never its keys, and a replayed bundle adds none.
  it('lists each message once, in its current state, through its hops and a replayed bundle; a delete drops its keys', async () => {
    const keys = async () =>
      (await store.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM message_keys')).rows[0]?.n
    assert.equal(await keys(), 12)
    const replay = await insertBundle(store.db, {
      block: testBlock('first', 31337, 1n),
      verification: 'light-client',
      messages: first,
    })
    assert.equal(replay.known.length, 5)
    assert.equal(await keys(), 12, 'a replay adds no key')
    const listed = (await allPages({ sender: alice }, 3)).flat()
    assert.deepEqual(new Set(listed), hexSet([...first, ...third].map((m) => m.id)))
    assert.equal(listed.length, 8, 'each once')
    const batched = (await listMessages(store.db, { origin: 31337, destination: 56, state: 'batched', limit: 10 }))
      .messages
    assert.equal(batched.length, 2, 'the two messages the batch test assigned, listed as batched')
    assert.ok(batched.every((m) => m.batchDestination === 56 && m.batchIndex !== null))
    const sent = await getMessagesBySourceTx(store.db, { sourceTxHash: first[0]!.sourceTxHash })
    assert.deepEqual(
      sent.map((m) => hex(m.id)),
      [hex(first[0]!.id)],
    )
    // Nothing deletes messages today; an operator who does loses the keys with them.
    await store.pool.query('DELETE FROM messages WHERE id = $1', [Buffer.from(first[0]!.id)])
    assert.equal(await keys(), 11)
    assert.deepEqual(await getMessagesBySourceTx(store.db, { sourceTxHash: first[0]!.sourceTxHash }), [])
  })
})
