import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import pg from 'pg'
import { withTransaction } from './withTransaction.js'
import { createDb, type CreateDbReturnType } from './createDb.js'
import { createTestDatabase, type TestDatabase } from './testing/testDatabase.js'

// bench:mesh --faults restarted Postgres under load and relayer processes died of an unhandled `error` event
// from a pooled client checked out by withTransaction. This plays the same: the backend is terminated mid-transaction.
describe('withTransaction when the server drops the connection', () => {
  let database: TestDatabase
  let store: CreateDbReturnType
  before(async () => {
    database = await createTestDatabase()
    store = createDb({ connectionString: database.url, max: 2, onIdleError: () => {} })
  })
  after(async () => {
    await store.close()
    await database.drop()
  })

  it('rejects with the connection error instead of crashing the process, and the pool still serves', async () => {
    const admin = new pg.Client({ connectionString: database.url })
    await admin.connect()
    // The kill's own answer can arrive after the victim has already failed: it is awaited before admin.end(),
    // or ending the admin connection rejects it ("Connection terminated") as an unhandled rejection.
    let killed: Promise<unknown> = Promise.resolve()
    try {
      const running = withTransaction(store.pool, async (client) => {
        const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')
        // Wait on the admin's kill (state), not on a timer: the sleep only holds the transaction open.
        killed = admin.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid])
        await client.query('SELECT pg_sleep(30)')
      })
      await assert.rejects(running, /terminat/i)
      await killed
    } finally {
      await killed.catch(() => {})
      await admin.end()
    }
    const { rows } = await store.pool.query<{ one: number }>('SELECT 1 AS one')
    assert.equal(rows[0]?.one, 1, 'the broken connection was dropped, a new one answers')
  })
})
