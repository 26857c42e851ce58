import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createDb, type CreateDbReturnType } from './createDb.js'
import { MAX_NAMED_STATEMENTS } from './NamingClient.js'
import { createTestDatabase, type TestDatabase } from './testing/testDatabase.js'

type PreparedRow = { name: string; statement: string; generic_plans: string; custom_plans: string }

describe('NamingClient (the pool every store function queries through)', () => {
  let database: TestDatabase
  let store: CreateDbReturnType
  before(async () => {
    database = await createTestDatabase()
    store = createDb({ connectionString: database.url, max: 1 })
  })
  after(async () => {
    await store.close()
    await database.drop()
  })

  const prepared = async (): Promise<PreparedRow[]> =>
    (
      await store.pool.query<PreparedRow>(
        'SELECT name, statement, generic_plans, custom_plans FROM pg_prepared_statements ORDER BY prepare_time',
      )
    ).rows

  it('prepares a parameterized statement once per connection and runs it again by name', async () => {
    const text = 'SELECT $1::int + $2::int AS sum'
    for (let i = 0; i < 8; i++) {
      const { rows } = await store.pool.query<{ sum: number }>(text, [i, 1])
      assert.equal(rows[0]?.sum, i + 1)
    }
    const { rows } = await store.pool.query<{ sum: number }>({ text, values: [40, 2] })
    assert.equal(rows[0]?.sum, 42)
    const mine = (await prepared()).filter((r) => r.statement === text)
    assert.equal(mine.length, 1, 'one prepared statement for the text')
    assert.match(mine[0]!.name, /^rm_[0-9a-f]{24}$/)
    assert.equal(Number(mine[0]!.generic_plans) + Number(mine[0]!.custom_plans), 9, 'all nine calls ran it')
  })

  it('leaves statements without parameters, and those named by the caller, as they are', async () => {
    await store.pool.query('SELECT 1 AS one')
    await store.pool.query({ name: 'callers_own', text: 'SELECT $1::text AS t', values: ['x'] })
    const names = (await prepared()).map((r) => r.name)
    assert.ok(!(await prepared()).some((r) => r.statement === 'SELECT 1 AS one'))
    assert.ok(names.includes('callers_own'))
  })

  it('keeps serving a prepared statement after the table it reads changes', async () => {
    await store.pool.query('CREATE TABLE naming_probe (id int PRIMARY KEY, v text)')
    await store.pool.query('INSERT INTO naming_probe VALUES (1, $1)', ['a'])
    const read = 'SELECT id, v FROM naming_probe WHERE id = $1'
    assert.deepEqual((await store.pool.query(read, [1])).rows, [{ id: 1, v: 'a' }])
    await store.pool.query('ALTER TABLE naming_probe ADD COLUMN w text')
    await store.pool.query('CREATE INDEX naming_probe_v ON naming_probe (v)')
    assert.deepEqual((await store.pool.query(read, [1])).rows, [{ id: 1, v: 'a' }])
  })

  it('stops naming past its cap, so texts built with varying placeholders cannot grow a connection without bound', async () => {
    for (let i = 0; i < MAX_NAMED_STATEMENTS + 20; i++) {
      const { rows } = await store.pool.query<{ n: number }>(`SELECT $1::int + ${i} AS n`, [1])
      assert.equal(rows[0]?.n, i + 1)
    }
    const named = (await prepared()).filter((r) => r.name.startsWith('rm_'))
    assert.equal(named.length, MAX_NAMED_STATEMENTS)
  })
})
