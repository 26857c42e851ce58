import { readFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createDb } from './createDb.js'
import { migrate } from './migrate.js'
import { createTestDatabase, type TestDatabase } from './testing/testDatabase.js'

const TABLES = ['attestations', 'batch_signatures', 'batches', 'chain_cursors', 'finality_journal', 'finality_states', 'messages', 'outgoing_txs', 'rejections', 'route_pauses', 'source_blocks']

/** Every committed migration is applied once. */
const MIGRATION_COUNT = (JSON.parse(readFileSync(new URL('../migrations/meta/_journal.json', import.meta.url), 'utf8')) as { entries: unknown[] }).entries.length // reason: drizzle-kit's journal format

async function tablesOf(url: string): Promise<{ tables: string[]; migrations: number }> {
  const { pool, close } = createDb({ connectionString: url, max: 1 })
  try {
    const tables = await pool.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    )
    const applied = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations')
    return { tables: tables.rows.map((r) => r.table_name), migrations: applied.rows[0]?.n ?? -1 }
  } finally {
    await close()
  }
}

describe('migrate', () => {
  let sequential: TestDatabase
  let concurrent: TestDatabase
  before(async () => {
    ;[sequential, concurrent] = await Promise.all([createTestDatabase(), createTestDatabase()])
  })
  after(async () => {
    await Promise.all([sequential.drop(), concurrent.drop()])
  })

  it('applies the migrations and is idempotent when run twice', async () => {
    const { db, close } = createDb({ connectionString: sequential.url, max: 2 })
    try {
      await migrate(db)
      await migrate(db)
    } finally {
      await close()
    }
    const state = await tablesOf(sequential.url)
    assert.deepEqual(state.tables, TABLES)
    assert.equal(state.migrations, MIGRATION_COUNT)
  })

  it('survives four concurrent starts, each with its own pool', async () => {
    const stores = Array.from({ length: 4 }, () => createDb({ connectionString: concurrent.url, max: 1 }))
    try {
      await Promise.all(stores.map((s) => migrate(s.db)))
    } finally {
      await Promise.all(stores.map((s) => s.close()))
    }
    const state = await tablesOf(concurrent.url)
    assert.deepEqual(state.tables, TABLES)
    assert.equal(state.migrations, MIGRATION_COUNT)
  })

  it('fails with MIGRATION_FAILED and action fatal when the folder is wrong', async () => {
    const { db, close } = createDb({ connectionString: sequential.url, max: 1 })
    try {
      await assert.rejects(migrate(db, { migrationsFolder: '/nonexistent' }), { code: 'MIGRATION_FAILED', action: 'fatal' })
    } finally {
      await close()
    }
  })
})
