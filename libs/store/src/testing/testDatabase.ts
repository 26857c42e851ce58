// Test-only helpers (not exported from the package). Tests may read the environment; libs may not.
import { createHash, randomBytes } from 'node:crypto'
import pg from 'pg'
import { createDb, type CreateDbReturnType } from '../createDb.js'
import { migrate } from '../migrate.js'
import type { BundleBlock, BundleMessage } from '../insertBundle.js'

/** Admin connection: `postgres` and `root` both work here (trust auth). */
export const TEST_DATABASE_URL = process.env['RELAYMESH_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test'

export type TestDatabase = { url: string; drop: () => Promise<void> }

/** Creates a throwaway `rm_test_<random>` database; `drop()` removes it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `rm_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(TEST_DATABASE_URL)
  url.pathname = `/${name}`
  // A pool's end() can resolve before Postgres has seen its sockets close: dropping WITH (FORCE) then terminated
  // those backends, and their clients threw 'terminating connection due to administrator command' into the test
  // (seen about once in eight runs). Wait until no backend is connected (state, not a sleep); FORCE only after that.
  const drop = async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
    await client.connect()
    const deadline = Date.now() + 30_000
    for (;;) {
      const { rows } = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
        [name],
      )
      if (rows[0]?.n === 0 || Date.now() > deadline) break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await client.end()
  }
  return { url: url.toString(), drop }
}

/** A throwaway database, migrated, with a pool; `close()` ends the pool and drops the database. */
export async function createMigratedTestDb(max = 4): Promise<CreateDbReturnType & { url: string }> {
  const database = await createTestDatabase()
  const store = createDb({ connectionString: database.url, max })
  await migrate(store.db)
  return {
    ...store,
    url: database.url,
    close: async () => {
      await store.close()
      await database.drop()
    },
  }
}

/** Deterministic 32 bytes from a label. */
export const bytes32 = (label: string): Buffer => createHash('sha256').update(label).digest()

/** A source block for tests. */
export function testBlock(label: string, origin = 31337, number = 1n): BundleBlock {
  return { origin, number, hash: bytes32(`block:${label}`), parentHash: bytes32(`parent:${label}`), state: 'verified' }
}

/** A message for tests; `label` makes the id. */
export function testMessage(label: string, overrides: Partial<BundleMessage> = {}): BundleMessage {
  return {
    id: bytes32(`message:${label}`),
    destination: 56,
    nonce: 1n,
    sender: bytes32(`sender:${label}`),
    recipient: bytes32(`recipient:${label}`),
    gasLimit: 200_000,
    payload: Buffer.from(`payload:${label}`),
    sourceTxHash: bytes32(`tx:${label}`),
    logIndex: 0,
    state: 'verified',
    ...overrides,
  }
}

/** `count` messages labelled `${prefix}:${i}`, with ascending nonces and log indices. */
export function testMessages(prefix: string, count: number, overrides: Partial<BundleMessage> = {}): BundleMessage[] {
  return Array.from({ length: count }, (_, i) =>
    testMessage(`${prefix}:${i}`, { nonce: BigInt(i), logIndex: i, ...overrides }),
  )
}

export const hex = (id: Uint8Array) => Buffer.from(id).toString('hex')
export const hexSet = (ids: readonly Uint8Array[]) => new Set(ids.map(hex))
