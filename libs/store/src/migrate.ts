import { fileURLToPath } from 'node:url'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate as drizzleMigrate } from 'drizzle-orm/node-postgres/migrator'
import type { StoreDb } from './createDb.js'
import { StoreError } from './StoreError.js'

/** Advisory lock key shared by every relaymesh process migrating this database ("rmmigrat" in ASCII). */
export const MIGRATION_LOCK_KEY = 0x726d6d6967726174n

/** The committed drizzle-kit migrations of this package. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../migrations', import.meta.url))

export type MigrateParameters = { migrationsFolder?: string | undefined }

/**
 * Applies the committed migrations; idempotent. A session advisory lock makes
 * concurrent starts (several replicas booting at once) apply them one at a
 * time: the second waits, then finds nothing left to do.
 *
 * @example
 * const { db } = createDb({ connectionString })
 * await migrate(db)
 */
export async function migrate(db: StoreDb, parameters: MigrateParameters = {}): Promise<void> {
  const migrationsFolder = parameters.migrationsFolder ?? MIGRATIONS_FOLDER
  const client = await db.$client.connect()
  let broken: Error | undefined
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()])
    try {
      await drizzleMigrate(drizzle({ client }), { migrationsFolder })
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()])
    }
  } catch (cause) {
    broken = cause instanceof Error ? cause : new Error(String(cause))
    throw new StoreError('MIGRATION_FAILED', 'applying database migrations failed', {
      meta: { migrationsFolder },
      cause,
    })
  } finally {
    // A connection that failed mid-migration may still hold the lock: destroy it rather than pool it.
    client.release(broken)
  }
}
