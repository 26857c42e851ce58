import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createDb } from './createDb.js'
import { listMessages } from './listMessages.js'
import { migrate } from './migrate.js'
import { createTestDatabase, type TestDatabase } from './testing/testDatabase.js'

const TABLES = [
  'attestations',
  'batch_signatures',
  'batches',
  'chain_cursors',
  'finality_journal',
  'finality_states',
  'message_count_deltas',
  'message_counts',
  'message_keys',
  'messages',
  'observed_commitments',
  'outgoing_txs',
  'rejections',
  'route_pauses',
  'source_blocks',
]

/** Every committed migration is applied once. */
// reason: drizzle-kit's journal format
const MIGRATION_COUNT = (
  JSON.parse(readFileSync(new URL('../migrations/meta/_journal.json', import.meta.url), 'utf8')) as {
    entries: unknown[]
  }
).entries.length

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

  it('keeps existing data: states written before 0007 become snapshots, messages before 0008 are counted, before 0009 listed', async () => {
    const database = await createTestDatabase()
    const folder = mkdtempSync(join(tmpdir(), 'relaymesh-migrations-'))
    const store = createDb({ connectionString: database.url, max: 1 })
    try {
      // The committed migrations up to 0006, as a database deployed before this change holds them.
      cpSync(fileURLToPath(new URL('../migrations', import.meta.url)), folder, { recursive: true })
      const journalFile = join(folder, 'meta', '_journal.json')
      // reason: drizzle-kit's journal format
      const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] }
      writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.filter((e) => e.tag < '0007') }))
      await migrate(store.db, { migrationsFolder: folder })
      await store.pool.query(
        `INSERT INTO finality_states (chain, client, version, data) VALUES (56, 'parlia', 7, '\\x01')`,
      )
      await store.pool.query(
        `INSERT INTO messages (id, origin, destination, nonce, sender, recipient, gas_limit, payload, ` +
          `source_block_number, source_block_hash, source_tx_hash, log_index, state, verification)
        SELECT decode(lpad(to_hex(i), 64, '0'), 'hex'), 31337, 56 + i % 2, i, '\\x00', '\\x00', 0, '\\x00', 1, ` +
          `'\\x00', '\\x00', i, 'verified', 'light-client' FROM generate_series(1, 30) AS i`,
      )
      await migrate(store.db)
      const {
        rows: [state],
      } = await store.pool.query<{ version: number; snapshot_version: number }>(
        `SELECT version, snapshot_version FROM finality_states`,
      )
      assert.deepEqual(state, { version: 7, snapshot_version: 7 })
      const { rows } = await store.pool.query<{ destination: number; n: number }>(
        `SELECT destination::int AS destination, n::int AS n FROM message_counts ORDER BY destination`,
      )
      assert.deepEqual(rows, [
        { destination: 56, n: 15 },
        { destination: 57, n: 15 },
      ])
      // 0009 moved the listing indexes to message_keys and copied the keys of the messages already stored.
      const listed = await listMessages(store.db, { origin: 31337, destination: 57, limit: 100 })
      assert.equal(listed.messages.length, 15)
      assert.ok(listed.messages.every((m) => m.destination === 57 && m.state === 'verified'))
    } finally {
      await store.close()
      await database.drop()
      rmSync(folder, { recursive: true, force: true })
    }
  })

  it('fails with MIGRATION_FAILED and action fatal when the folder is wrong', async () => {
    const { db, close } = createDb({ connectionString: sequential.url, max: 1 })
    try {
      await assert.rejects(migrate(db, { migrationsFolder: '/nonexistent' }), {
        code: 'MIGRATION_FAILED',
        action: 'fatal',
      })
    } finally {
      await close()
    }
  })
})
