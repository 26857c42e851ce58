import pg from 'pg'
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import * as schema from './schema/index.js'
import { NamingClient } from './NamingClient.js'
import { withLibpqSslSemantics } from './withLibpqSslSemantics.js'

/** The database handle every store function takes first: drizzle over a `pg.Pool` (`db.$client`). */
export type StoreDb = NodePgDatabase<typeof schema> & { $client: pg.Pool }

export type CreateDbParameters = {
  /**
   * `sslmode`, `sslrootcert`, `sslcert`, `sslkey` in its query mean what they mean to libpq (`withLibpqSslSemantics`).
   */
  connectionString: string
  /** Pool size; hot paths hold one connection per statement. Default 10. */
  max?: number | undefined
  /** Shown in `pg_stat_activity`, e.g. `relaymesh-verifier-r1`. */
  applicationName?: string | undefined
  /**
   * Called when an IDLE pooled connection errors (server restart, network).
   * Without it the pool's `error` event is unhandled and the process exits,
   * which is the loud failure the service gets unless it opts in to handling it.
   */
  onIdleError?: ((error: Error) => void) | undefined
}

export type CreateDbReturnType = {
  db: StoreDb
  pool: pg.Pool
  /** Ends the pool; waits for checked-out connections to be released. */
  close: () => Promise<void>
}

/**
 * Opens a pool to one relayer's database. The service calls it once and passes
 * `db` down; the lib keeps no module-level handle.
 *
 * @example
 * const { db, close } = createDb({ connectionString: config.databaseUrl, max: 8 })
 * await migrate(db)
 * // ...
 * await close()
 */
export function createDb(parameters: CreateDbParameters): CreateDbReturnType {
  const pool = new pg.Pool({
    connectionString: withLibpqSslSemantics(parameters.connectionString),
    max: parameters.max ?? 10,
    application_name: parameters.applicationName,
    Client: NamingClient,
  })
  if (parameters.onIdleError) pool.on('error', parameters.onIdleError)
  const db = drizzle({ client: pool, schema })
  return { db, pool, close: () => pool.end() }
}
