import { createDb, migrate as applyMigrations } from '@relaymesh/store'
import { readMigrateConfig } from './migrateConfig.js'

/**
 * `relaymesh migrate`: applies the committed drizzle migrations of
 * `@relaymesh/store` to this relayer's database, then exits. Idempotent, and
 * safe next to running services (they take the same advisory lock when they
 * migrate on start). The Helm chart runs it as a pre-install/pre-upgrade hook.
 *
 * @example
 * // RELAYMESH_CONFIG_FILE=/etc/relaymesh/config/relayer.json relaymesh migrate
 * await migrate()
 */
export async function migrate(): Promise<void> {
  const { databaseUrl } = readMigrateConfig()
  const { db, close } = createDb({ connectionString: databaseUrl, max: 1, applicationName: 'relaymesh-migrate' })
  try {
    await applyMigrations(db)
    console.log('relaymesh migrate: database migrations applied')
  } finally {
    await close()
  }
}
