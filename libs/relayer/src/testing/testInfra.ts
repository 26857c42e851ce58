// Test-only: Postgres databases and NATS namespaces for one test run. Tests may read the environment; libs may not.
import { randomBytes } from 'node:crypto'
import { connectBus } from '@relaymesh/bus'
import pg from 'pg'

export const TEST_DATABASE_URL = process.env['RELAYMESH_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test'
export const TEST_NATS_URL = process.env['RELAYMESH_TEST_NATS_URL'] ?? 'nats://127.0.0.1:4222'

/** A fresh database per relayer id; `drop()` removes them all. */
export async function createTestDatabases(
  ids: string[],
): Promise<{ url: (id: string) => string; drop(): Promise<void> }> {
  const tag = randomBytes(4).toString('hex')
  const names = new Map(ids.map((id) => [id, `rm_${tag}_${id.replace(/[^a-z0-9]/g, '_')}`]))
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await admin.connect()
  for (const name of names.values()) await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  return {
    url: (id) => {
      const url = new URL(TEST_DATABASE_URL)
      url.pathname = `/${names.get(id)}`
      return url.toString()
    },
    // A pool's end() can resolve before Postgres has seen its sockets close: dropping WITH (FORCE) then terminates
    // those backends, and their clients throw 'terminating connection due to administrator command' into the test
    // after it passed. Wait until no backend is connected (state, not a sleep; bounded), FORCE only after that.
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
      await client.connect()
      const deadline = Date.now() + 30_000
      for (;;) {
        const { rows } = await client.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = ANY($1::text[])',
          [[...names.values()]],
        )
        if (rows[0]?.n === 0 || Date.now() > deadline) break
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      for (const name of names.values()) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await client.end()
    },
  }
}

/** A unique subject root and stream prefix so concurrent test files never share streams. */
export function testBusNamespace(): { subjectRoot: string; streamPrefix: string; cleanup(): Promise<void> } {
  const tag = randomBytes(4).toString('hex')
  const streamPrefix = `T${tag}`
  return {
    subjectRoot: `t${tag}`,
    streamPrefix,
    async cleanup() {
      const bus = await connectBus({ servers: TEST_NATS_URL, name: 'test-cleanup' })
      for await (const info of bus.jsm.streams.list()) {
        if (info.config.name.startsWith(`${streamPrefix}_`)) await bus.jsm.streams.delete(info.config.name)
      }
      await bus.close()
    },
  }
}

/**
 * The outer deadline of a wait on work done by spawned relayer processes, chains or worker pools. It only
 * bounds a hang: on two cores busy with the rest of the suite, each relayer process spends tens of seconds
 * compiling TypeScript before it does anything (STYLE.md, Tests).
 */
export const WAIT_DEADLINE_MS = 10 * 60_000

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitUntil<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = WAIT_DEADLINE_MS,
  intervalMs = 200,
): Promise<T> {
  const start = Date.now()
  let last: unknown
  for (;;) {
    try {
      const value = await check()
      if (value !== undefined) return value
    } catch (error) {
      last = error
    }
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}
