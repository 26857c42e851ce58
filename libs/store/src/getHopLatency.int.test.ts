import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { insertBundle } from './insertBundle.js'
import { getHopLatency } from './getHopLatency.js'
import { getQuorumWait } from './getQuorumWait.js'
import { listObservedAt } from './listObservedAt.js'
import type { CreateDbReturnType } from './createDb.js'
import { createMigratedTestDb, testBlock, testMessages } from './testing/testDatabase.js'

describe('getHopLatency', () => {
  let store: CreateDbReturnType
  before(async () => {
    store = await createMigratedTestDb()
  })
  after(async () => {
    await store.close()
  })

  it('gives p50 and p99 of observed -> executed per route, over messages that have both hops', async () => {
    const rows = testMessages('latency', 101, { state: 'verified' })
    await insertBundle(store.db, { block: testBlock('latency'), verification: 'light-client', messages: rows })
    // Message i took i seconds: p50 = 50 s, p99 = 99 s; one more message without executed_at is left out.
    await store.pool.query(`UPDATE messages SET observed_at = '2026-01-01T00:00:00Z',
      executed_at = '2026-01-01T00:00:00Z'::timestamptz + (nonce * interval '1 second') WHERE nonce < 100`)
    const [route, ...others] = await getHopLatency(store.db)
    assert.equal(others.length, 0)
    assert.deepEqual({ ...route }, { origin: 31337, destination: 56, count: 100, p50: 49.5, p99: 98.01 })
    const verified = await getHopLatency(store.db, { from: 'observed_at', to: 'verified_at' })
    assert.equal(verified[0]?.count, 101, 'every stored message was observed and verified')
    await assert.rejects(getHopLatency(store.db, { from: 'id; DROP TABLE messages' as never }), /unknown hop/)
  })
})

describe('getQuorumWait and listObservedAt (the benchmark latency breakdown)', () => {
  let store: CreateDbReturnType
  before(async () => {
    store = await createMigratedTestDb()
  })
  after(async () => {
    await store.close()
  })

  it('gives p50, p99 and max of proposal -> quorum per destination, over signed batches only', async () => {
    // Batch i waited i seconds for its signatures; an unsigned batch and another destination's are left out.
    const row = `'\\x01'::bytea, '\\x02'::bytea, 1, '\\x03'::bytea, '\\x04'::bytea`
    await store.pool.query(`INSERT INTO batches (destination, batch_index, batch_hash, root, message_count,
        previous_batch_hash, proposer, state, created_at, signed_at)
      SELECT 56, i, ${row}, 'signed'::batch_state, '2026-01-01T00:00:00Z'::timestamptz,
        '2026-01-01T00:00:00Z'::timestamptz + i * interval '1 second' FROM generate_series(1, 100) AS i
      UNION ALL SELECT 56, 101, ${row}, 'proposed', now(), NULL
      UNION ALL SELECT 97, 0, ${row}, 'signed', now(), now() + interval '7 seconds'`)
    assert.deepEqual(await getQuorumWait(store.db, { destinations: [56n] }), [
      { destination: 56, batches: 100, p50: 50.5, p99: 99.01, max: 100 },
    ])
    assert.deepEqual(
      (await getQuorumWait(store.db, { destinations: [56n, 97n] })).map((w) => [w.destination, w.batches]),
      [
        [56, 100],
        [97, 1],
      ],
    )
  })

  it('lists when each message stored since a time was observed, by id', async () => {
    const rows = testMessages('observed', 3, { state: 'verified' })
    const since = Date.now() - 60_000
    await insertBundle(store.db, { block: testBlock('observed'), verification: 'light-client', messages: rows })
    await store.pool.query(`UPDATE messages SET observed_at = to_timestamp(1765000000 + nonce)`)
    const observed = await listObservedAt(store.db, { since })
    assert.deepEqual(
      rows.map((r) => observed.get(Buffer.from(r.id).toString('hex'))),
      rows.map((r) => (1765000000 + Number(r.nonce)) * 1000),
    )
    assert.equal((await listObservedAt(store.db, { since: Date.now() + 60_000 })).size, 0)
  })
})
