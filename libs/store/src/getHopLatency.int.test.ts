import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { insertBundle } from './insertBundle.js'
import { getHopLatency } from './getHopLatency.js'
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
