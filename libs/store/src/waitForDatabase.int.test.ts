import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createDb } from './createDb.js'
import { StoreError } from './StoreError.js'
import { startTcpGate, type TcpGate } from './testing/startTcpGate.js'
import { TEST_DATABASE_URL } from './testing/testDatabase.js'
import { waitForDatabase } from './waitForDatabase.js'

const urlOnPort = (port: number) => {
  const url = new URL(TEST_DATABASE_URL)
  url.port = String(port)
  return url.toString()
}

describe('waitForDatabase', () => {
  let gate: TcpGate
  before(async () => (gate = await startTcpGate(TEST_DATABASE_URL)))
  after(() => gate.close())

  it('waits while Postgres hangs up, and returns once it answers', async () => {
    const store = createDb({ connectionString: urlOnPort(gate.port), max: 1, onIdleError: () => {} })
    try {
      const retries: Error[] = []
      let opened: () => void = () => {}
      const firstRetry = new Promise<void>((resolve) => (opened = resolve))
      const waiting = waitForDatabase(store.pool, { onRetry: (error) => (retries.push(error), opened()) })
      // Opened on the first retry (state), not after a timer.
      await firstRetry
      gate.open()
      await waiting
      assert.ok(retries.length >= 1)
      assert.match(retries[0]?.message ?? '', /terminated/i)
      const { rows } = await store.pool.query<{ one: number }>('SELECT 1 AS one')
      assert.equal(rows[0]?.one, 1)
    } finally {
      await store.close()
    }
  })

  it('gives up with DATABASE_UNAVAILABLE after its wait, and at once when aborted', async () => {
    const closed = await startTcpGate(TEST_DATABASE_URL)
    const store = createDb({ connectionString: urlOnPort(closed.port), max: 1, onIdleError: () => {} })
    try {
      await assert.rejects(
        waitForDatabase(store.pool, { waitMs: 0 }),
        (error: unknown) =>
          error instanceof StoreError && error.code === 'DATABASE_UNAVAILABLE' && error.action === 'retry',
      )
      const stop = new AbortController()
      const waiting = waitForDatabase(store.pool, { waitMs: 600_000, signal: stop.signal, onRetry: () => stop.abort() })
      await assert.rejects(
        waiting,
        (error: unknown) =>
          error instanceof StoreError && error.code === 'DATABASE_UNAVAILABLE' && /before the stop/.test(error.message),
      )
    } finally {
      await store.close()
      await closed.close()
    }
  })

  it('does not wait on a refusal waiting cannot fix: a database that does not exist is DATABASE_REFUSED', async () => {
    const url = new URL(TEST_DATABASE_URL)
    url.pathname = '/relaymesh_no_such_database'
    const store = createDb({ connectionString: url.toString(), max: 1, onIdleError: () => {} })
    try {
      let retried = 0
      await assert.rejects(
        waitForDatabase(store.pool, { onRetry: () => retried++ }),
        (error: unknown) =>
          error instanceof StoreError &&
          error.code === 'DATABASE_REFUSED' &&
          error.action === 'fatal' &&
          /does not exist/.test(error.details ?? ''),
      )
      assert.equal(retried, 0)
    } finally {
      await store.close()
    }
  })
})
