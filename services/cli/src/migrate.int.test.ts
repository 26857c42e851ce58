import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
// Test-only helper shared with the relayer's tests.
import { createTestDatabases } from '../../../libs/relayer/src/testing/testInfra.js'
// The real CLI as a child process, with a budget that holds on two busy cores (each spawn compiles TypeScript).
import { runRelaymesh as relaymesh } from './testing/runRelaymesh.js'

describe('relaymesh migrate', () => {
  let databases: Awaited<ReturnType<typeof createTestDatabases>>
  let dir: string
  before(async () => {
    databases = await createTestDatabases(['migrate'])
    dir = mkdtempSync(join(tmpdir(), 'relaymesh-migrate-'))
  })
  after(async () => {
    await databases?.drop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('applies the committed migrations to the database of RELAYMESH_CONFIG_FILE, idempotently', async () => {
    const config = {
      relayerId: 'r1',
      databaseUrl: databases.url('migrate'),
      natsUrl: 'nats://127.0.0.1:4222',
      proposers: {},
      relayers: {},
      threshold: 1,
      chains: [
        {
          domain: 1,
          name: 'one',
          rpcUrl: 'http://127.0.0.1:1',
          outbox: `0x${'1'.repeat(40)}`,
          inbox: `0x${'2'.repeat(40)}`,
        },
      ],
    }
    const file = join(dir, 'relayer.json')
    writeFileSync(file, JSON.stringify(config))
    for (let i = 0; i < 2; i++) {
      const run = await relaymesh(['migrate'], { RELAYMESH_CONFIG_FILE: file })
      assert.equal(run.code, 0, run.stderr)
      assert.match(run.stdout, /migrations applied/)
    }
    const client = new pg.Client({ connectionString: databases.url('migrate') })
    await client.connect()
    const tables = await client.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('messages', 'route_pauses')`,
    )
    await client.end()
    assert.equal(tables.rowCount, 2)
    const bad = await relaymesh(['migrate'], {})
    assert.deepEqual([bad.code, /CONFIG_INVALID/.test(bad.stderr)], [1, true])
  })
})
