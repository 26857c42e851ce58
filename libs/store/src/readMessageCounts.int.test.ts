// The message counters (statement triggers appending deltas, folded on read) equal a full scan of `messages`
// after every kind of write, with writers and readers running at once.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { CreateDbReturnType } from './createDb.js'
import { insertBundle } from './insertBundle.js'
import { readMessageCounts } from './readMessageCounts.js'
import { transitionMessages } from './transitionMessages.js'
import { createMigratedTestDb, testBlock, testMessages } from './testing/testDatabase.js'

const SCAN = `SELECT origin::int AS origin, destination::int AS destination, state::text AS state, count(*)::int AS n
  FROM messages GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`

describe('message counters', () => {
  let store: CreateDbReturnType
  before(async () => {
    store = await createMigratedTestDb(8)
  })
  after(async () => {
    await store.close()
  })
  const scan = async () =>
    (await store.pool.query<{ origin: number; destination: number; state: string; n: number }>(SCAN)).rows

  it('equal a scan after inserts, replays, transitions and deletes, written while other callers read and fold', async () => {
    assert.deepEqual(await readMessageCounts(store.db), [], 'an empty table counts nothing')
    let reading = true
    const readers = Promise.all(
      [0, 1].map(async () => {
        let reads = 0
        while (reading) {
          await readMessageCounts(store.db)
          reads++
        }
        return reads
      }),
    )
    const writers = Array.from({ length: 6 }, async (_, w) => {
      for (let b = 0; b < 5; b++) {
        const messages = testMessages(`w${w}b${b}`, 200, {
          destination: 56 + (w % 2),
          state: w % 3 === 0 ? 'observed' : 'verified',
        })
        const block = testBlock(`w${w}b${b}`, 31337 + (w % 3))
        await insertBundle(store.db, { block, verification: 'light-client', messages })
        // a replay: counted once
        await insertBundle(store.db, { block, verification: 'light-client', messages: messages.slice(0, 50) })
        if (w % 3 === 0) {
          await transitionMessages(store.db, { ids: messages.slice(0, 60).map((m) => m.id), to: 'rejected' })
          await transitionMessages(store.db, { ids: messages.slice(60, 160).map((m) => m.id), to: 'verified' })
        } else {
          await store.pool.query(`UPDATE messages SET state = 'batched' WHERE id = ANY($1::bytea[])`, [
            messages.slice(0, 80).map((m) => Buffer.from(m.id)),
          ])
        }
      }
    })
    await Promise.all(writers)
    await store.pool.query(`DELETE FROM messages WHERE state = 'rejected' AND destination = 57`)
    // no state change: no delta
    await store.pool.query(`UPDATE messages SET attempts = attempts + 1 WHERE destination = 56`)
    reading = false
    const reads = await readers
    assert.ok(
      reads.every((n) => n > 0),
      'the readers folded while the writers wrote',
    )
    const counted = await readMessageCounts(store.db)
    assert.equal(
      counted.reduce((a, c) => a + c.n, 0),
      6 * 5 * 200 - 5 * 60,
      'totals first: every message counted once, the deleted ones gone',
    )
    const key = (c: { origin: number; destination: number; state: string }) => `${c.origin}-${c.destination}-${c.state}`
    const sorted = <T extends { origin: number; destination: number; state: string }>(rows: T[]) =>
      [...rows].sort((a, b) => key(a).localeCompare(key(b)))
    assert.deepEqual(sorted(counted), sorted(await scan()))
    const { rows } = await store.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM message_count_deltas')
    assert.ok(rows[0]!.n <= 2, `a read folds the deltas (${rows[0]!.n} left)`)
  })
})
